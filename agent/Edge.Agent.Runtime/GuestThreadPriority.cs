using System.Runtime.InteropServices;

namespace Edge.Agent.Runtime;

/// <summary>
/// Lowers the calling thread's scheduling priority (its Linux nice value) so a spinning guest
/// yields the CPU to the agent's own threads: the control plane (gRPC stream, heartbeats,
/// telemetry, the status API) and the epoch ticker stay at the process's priority. .NET's
/// <see cref="Thread.Priority"/> does nothing on Linux; setpriority on a thread id does, and
/// raising a nice value needs no privilege. Elsewhere, or when it fails, nothing changes.
/// <para>
/// Where the kernel takes a slice for normal threads (Linux 6.12 and later, EEVDF), a guest thread
/// also asks for the shortest one, <see cref="GuestSlice"/>: the scheduler lets a running thread
/// finish its slice before a woken one of higher priority gets the CPU, so with the default slice
/// every hop of a control-plane request (socket, thread pool, answer) could wait behind a spinning
/// guest for a millisecond or more. Older kernels ignore the slice and keep the nice value.
/// </para>
/// </summary>
internal static partial class GuestThreadPriority
{
    /// <summary>Nice value of guest threads: a CFS weight of about a tenth of a nice-0 thread's.</summary>
    public const int GuestNice = 10;

    /// <summary>Scheduler slice a guest thread asks for (the kernel's shortest).</summary>
    public static readonly TimeSpan GuestSlice = TimeSpan.FromMicroseconds(100);

    private const int PrioProcess = 0;
    private const int SchedOther = 0;

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
            return SetAttributes(tid) || SetPriority(PrioProcess, tid, GuestNice) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>sched_setattr: the nice value and the slice in one call; false where the call is missing or refused.</summary>
    private static bool SetAttributes(int tid)
    {
        var number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 314,
            Architecture.Arm64 => 274,
            _ => -1,
        };
        if (number < 0)
        {
            return false;
        }

        var attributes = new SchedAttributes
        {
            Size = (uint)Marshal.SizeOf<SchedAttributes>(),
            Policy = SchedOther,
            Nice = GuestNice,
            Runtime = (ulong)(GuestSlice.Ticks * 100),
        };
        return SchedSetAttr(number, tid, ref attributes, 0) == 0;
    }

    /// <summary>struct sched_attr as of its first version (48 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SchedAttributes
    {
        public uint Size;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int prio);

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long SchedSetAttr(long number, int tid, ref SchedAttributes attributes, uint flags);
}
