using System.Runtime.InteropServices;

namespace Edge.Agent.Runtime;

/// <summary>
/// Scheduling of guest threads, in two steps. A guest thread runs below the agent's own threads
/// from the start (Linux nice 10 and, where the kernel takes one, its shortest slice, 0.1 ms): a
/// short run keeps a normal thread's fast hand-off. A run that goes on past
/// <see cref="GuestWorkers.DemoteAfter"/> has its thread moved to Linux's idle class (SCHED_IDLE)
/// by the epoch ticker: any of the agent's own threads that wakes then takes the CPU from it at
/// once, where a nice value alone lets a running guest finish its slice first, so every hop of a
/// control-plane request (socket, thread pool, answer) could wait behind a spinning guest. Within
/// the agent's cgroup (systemd gives the service its own) an idle-class guest gets what the agent's
/// threads leave; against other services the cgroup's weight decides. Leaving the idle class needs a
/// privilege the agent need not have, so a demoted thread leaves the guest thread set after its run.
/// .NET's <see cref="Thread.Priority"/> does nothing on Linux; every call here needs no privilege.
/// Elsewhere, or when a call fails, nothing changes.
/// </summary>
internal static partial class GuestThreadPriority
{
    /// <summary>Nice value of guest threads: a CFS weight of about a tenth of a nice-0 thread's.</summary>
    public const int GuestNice = 10;

    /// <summary>Scheduler slice a guest thread asks for (the kernel's shortest).</summary>
    public static readonly TimeSpan GuestSlice = TimeSpan.FromMicroseconds(100);

    /// <summary>Linux's SCHED_IDLE policy number.</summary>
    public const int IdlePolicy = 5;

    private const int PrioProcess = 0;
    private const int SchedOther = 0;

    /// <summary>The calling thread's kernel id (0 where there is none to use).</summary>
    public static int CurrentThreadId()
    {
        try
        {
            return OperatingSystem.IsLinux() ? GetTid() : 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

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

    /// <summary>Moves thread <paramref name="tid"/> of this process to the idle class; true when it is there.</summary>
    public static bool DemoteToIdle(int tid)
    {
        if (!OperatingSystem.IsLinux() || tid <= 0)
        {
            return false;
        }

        try
        {
            var priority = 0;
            return SetScheduler(tid, IdlePolicy, ref priority) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Moves thread <paramref name="tid"/> of this process from the idle class back to a guest's
    /// class (nice 10, short slice); false when the kernel refuses (no RLIMIT_NICE or privilege for it).
    /// </summary>
    public static bool RestoreGuest(int tid)
    {
        if (!OperatingSystem.IsLinux() || tid <= 0)
        {
            return false;
        }

        try
        {
            if (SetAttributes(tid))
            {
                return true;
            }

            var priority = 0;
            return SetScheduler(tid, SchedOther, ref priority) == 0 && SetPriority(PrioProcess, tid, GuestNice) == 0;
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

    /// <summary>sched_setscheduler(tid, policy, &amp;sched_param{ priority }): on Linux, for that thread only.</summary>
    [LibraryImport("libc", EntryPoint = "sched_setscheduler")]
    private static partial int SetScheduler(int tid, int policy, ref int priority);
}
