using System.Runtime.InteropServices;

namespace Edge.Agent.Runtime;

/// <summary>struct timespec on 64-bit Linux (x64 and arm64): two 64-bit longs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long Seconds;
    public long Nanoseconds;
}
