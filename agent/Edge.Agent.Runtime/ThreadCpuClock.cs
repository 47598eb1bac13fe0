using System.Runtime.InteropServices;

namespace Edge.Agent.Runtime;

/// <summary>
/// clock_gettime(CLOCK_THREAD_CPUTIME_ID): the calling thread's CPU time, user and system.
/// Source-generated interop, so Native AOT and trimming keep it. Linux on a 64-bit process only
/// (where timespec is two longs); elsewhere it reads nothing and the figure stays absent.
/// </summary>
internal sealed partial class ThreadCpuClock : IThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static readonly ThreadCpuClock Instance = new();

    private static readonly bool Supported = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    private ThreadCpuClock()
    {
    }

    public bool TryRead(out long nanoseconds)
    {
        if (Supported && ClockGetTime(ClockThreadCpuTimeId, out var ts) == 0)
        {
            nanoseconds = (ts.Seconds * 1_000_000_000) + ts.Nanoseconds;
            return true;
        }

        nanoseconds = 0;
        return false;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out Timespec time);
}
