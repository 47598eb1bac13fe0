using Edge.Agent.Core;

namespace Edge.Agent.Runtime;

/// <summary>
/// A pool's per-invocation limits resolved against the runtime's defaults. A run reads the
/// pool's current one once, so a resize applies to the runs that start after it while the
/// runs in flight finish under the limits they began with.
/// </summary>
internal sealed record PoolLimits(LimitsSpec Spec, long MemoryBytes, int MaxOutputBytes, TimeSpan Timeout)
{
    public static PoolLimits Resolve(LimitsSpec spec, WasmRuntimeOptions options) =>
        new(
            spec,
            spec.MemoryBytes > 0 ? spec.MemoryBytes : options.MaxMemoryBytes,
            spec.MaxOutputBytes > 0 ? spec.MaxOutputBytes : options.MaxOutputBytes,
            spec.Timeout ?? options.DefaultTimeout);
}
