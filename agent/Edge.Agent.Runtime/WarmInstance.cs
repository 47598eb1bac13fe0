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
    public Store Store { get; } = store;

    public Instance? Instance { get; set; }

    public GuestRun? Run { get; set; }

    /// <summary>The limits its store was made under; a resize makes new ones.</summary>
    public PoolLimits? Limits { get; init; }

    public ulong OnEpochDeadline(Store store) =>
        Run?.OnEpochDeadline(store) ?? throw new InvalidOperationException("no run in progress");

    public void Dispose() => Store.Dispose();
}
