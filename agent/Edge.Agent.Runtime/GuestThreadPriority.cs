using System.Runtime.InteropServices;

namespace Edge.Agent.Runtime;

/// <summary>
/// Lowers the calling thread's scheduling priority (its Linux nice value) so a spinning guest
/// yields the CPU to the agent's own threads: the control plane (gRPC stream, heartbeats,
/// telemetry, the status API) and the epoch ticker stay at the process's priority. .NET's
/// <see cref="Thread.Priority"/> does nothing on Linux; setpriority on a thread id does, and
/// raising a nice value needs no privilege. Elsewhere, or when it fails, nothing changes.
/// </summary>
internal static partial class GuestThreadPriority
{
    /// <summary>Nice value of guest threads: a CFS weight of about a tenth of a nice-0 thread's.</summary>
    public const int GuestNice = 10;

    private const int PrioProcess = 0;

    /// <summary>True when the calling thread now runs at <see cref="GuestNice"/> (or lower).</summary>
    public static bool LowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var tid = GetTid();
            return SetPriority(PrioProcess, tid, GuestNice) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int prio);
}
