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

    private static bool s_supported = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    private ThreadCpuClock()
    {
    }

    public bool TryRead(out long nanoseconds)
    {
        nanoseconds = 0;
        if (!Volatile.Read(ref s_supported))
        {
            return false;
        }

        try
        {
            if (ClockGetTime(ClockThreadCpuTimeId, out var ts) != 0)
            {
                return false;
            }

            nanoseconds = (ts.Seconds * 1_000_000_000) + ts.Nanoseconds;
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library that cannot be found under this name: the figure stays absent, runs go on.
            Volatile.Write(ref s_supported, false);
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out Timespec time);
}
