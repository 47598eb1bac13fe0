using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>What every instance pool of one runtime shares. <see cref="CpuClock"/> is null when usage is not accounted.</summary>
internal sealed record PoolContext(
    Engine Engine,
    Linker Linker,
    EpochTicker Ticker,
    GuestWorkers Workers,
    WasmRuntimeOptions Options,
    TimeProvider Time,
    IThreadCpuClock? CpuClock,
    CancellationToken ShutdownToken)
{
    /// <summary>The linker of workloads with volumes (Wasmtime's whole WASI, <see cref="Volumes.FileLinker"/>).</summary>
    public Linker? FileLinker { get; init; }

    /// <summary>Where volumes live (<see cref="WasmRuntimeOptions.VolumesDirectory"/>).</summary>
    public string? VolumesDirectory { get; init; }
}
