using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>What every instance pool of one runtime shares.</summary>
internal sealed record PoolContext(
    Engine Engine,
    Linker Linker,
    EpochTicker Ticker,
    WasmRuntimeOptions Options,
    TimeProvider Time,
    CancellationToken ShutdownToken);
