using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>
/// A store with the module already instantiated in it, waiting for one run.
/// The store's data points at the run in progress, so the shared epoch callback
/// and host functions find their run without a closure per instance.
/// An instance serves one run: WASI command modules are not re-entrant after <c>_start</c>.
/// </summary>
internal sealed class WarmInstance(Store store) : IDisposable
{
    // Its exported linear memories, found at the first read after instantiation.
    private Memory[]? _memories;

    public Store Store { get; } = store;

    public Instance? Instance { get; set; }

    public GuestRun? Run { get; set; }

    /// <summary>The bytes the pool's memory meter counts for it (its memories' length when last read).</summary>
    public long HeldBytes { get; set; }

    /// <summary>The limits its store was made under; a resize makes new ones.</summary>
    public PoolLimits? Limits { get; init; }

    public ulong OnEpochDeadline(Store store) =>
        Run?.OnEpochDeadline(store) ?? throw new InvalidOperationException("no run in progress");

    /// <summary>Bytes of linear memory it has now: call on the thread that runs its store, never from another.</summary>
    public long MemoryLength()
    {
        _memories ??= Instance is null ? [] : [.. Instance.GetMemories().Select(m => m.Item2)];
        long bytes = 0;
        foreach (var memory in _memories)
        {
            bytes += memory.GetLength();
        }

        return bytes;
    }

    public void Dispose() => Store.Dispose();
}
