using System.Runtime.InteropServices;

namespace Edge.Agent.Runtime;

/// <summary>
/// Puts the calling thread in Linux's idle scheduling class (SCHED_IDLE) so a spinning guest gives
/// the CPU to the agent's own threads the moment they wake: the control plane (gRPC stream,
/// heartbeats, telemetry, the status API) and the epoch ticker stay normal threads. A lower nice
/// value alone is not enough: the scheduler lets a running thread finish its slice before a woken
/// one of higher priority gets the CPU, so every hop of a control-plane request (socket, thread
/// pool, answer) could wait behind a spinning guest for a millisecond or more; a normal thread
/// waking preempts an idle-class one at once. Within the agent's cgroup (systemd gives the service
/// its own) guests get whatever the agent's own threads leave; against other services the cgroup's
/// weight decides, as before. .NET's <see cref="Thread.Priority"/> does nothing on Linux; entering
/// the idle class needs no privilege. Where the class is refused, the thread's nice value is raised
/// to <see cref="GuestNice"/> instead. Elsewhere, or when both fail, nothing changes.
/// </summary>
internal static partial class GuestThreadPriority
{
    /// <summary>Nice value of guest threads where the idle class is refused: a CFS weight of about a tenth of a nice-0 thread's.</summary>
    public const int GuestNice = 10;

    /// <summary>Linux's SCHED_IDLE policy number.</summary>
    public const int IdlePolicy = 5;

    private const int PrioProcess = 0;

    /// <summary>True when the calling thread now runs in the idle class, or failing that at <see cref="GuestNice"/>.</summary>
    public static bool LowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var tid = GetTid();
            var priority = 0;
            return SetScheduler(tid, IdlePolicy, ref priority) == 0 || SetPriority(PrioProcess, tid, GuestNice) == 0;
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

    /// <summary>sched_setscheduler(tid, policy, &amp;sched_param{ priority }): on Linux, for that thread only.</summary>
    [LibraryImport("libc", EntryPoint = "sched_setscheduler")]
    private static partial int SetScheduler(int tid, int policy, ref int priority);
}
