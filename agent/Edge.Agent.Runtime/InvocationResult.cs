namespace Edge.Agent.Runtime;

/// <summary>What one run of a workload produced.</summary>
public sealed record InvocationResult
{
    public required InvocationOutcome Outcome { get; init; }

    /// <summary>The WASI exit code: 0 when <c>_start</c> returned, null when the guest did not exit.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Captured stdout, at most <see cref="WasmRuntimeOptions.MaxOutputBytes"/>.</summary>
    public ReadOnlyMemory<byte> Stdout { get; init; }

    /// <summary>Captured stderr, at most <see cref="WasmRuntimeOptions.MaxOutputBytes"/>.</summary>
    public ReadOnlyMemory<byte> Stderr { get; init; }

    /// <summary>True when the guest wrote more than was kept of stdout or stderr.</summary>
    public bool OutputTruncated { get; init; }

    /// <summary>Why the run did not succeed; empty on success.</summary>
    public string Error { get; init; } = "";

    public TimeSpan Duration { get; init; }

    /// <summary>Lines the guest logged through the edge.log host function, with their level (0 trace … 4 error).</summary>
    public IReadOnlyList<(int Level, string Line)> Logs { get; init; } = [];

    public bool Succeeded => Outcome == InvocationOutcome.Succeeded;
}
