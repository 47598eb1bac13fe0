namespace Edge.Agent.Runtime;

/// <summary>CPU time the calling thread has used; a test swaps in one that fails or counts as it likes.</summary>
internal interface IThreadCpuClock
{
    /// <summary>Nanoseconds of CPU the calling thread has used; false when it cannot be read.</summary>
    bool TryRead(out long nanoseconds);
}
