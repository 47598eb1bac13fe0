using Edge.Agent.Core;

namespace Edge.Agent.State;

/// <summary>
/// What the agent keeps of a job between restarts: which spec it ran (<see cref="Fingerprint"/>),
/// how many runs it had, and how the last one ended. A finished job (<see cref="Terminal"/>) is
/// not run again after a restart while its spec stays the same.
/// </summary>
internal sealed record JobRecord
{
    public required string Name { get; init; }

    public required string Fingerprint { get; init; }

    public required int Attempts { get; init; }

    public required WorkloadPhase Phase { get; init; }

    public string Message { get; init; } = "";

    public int? ExitCode { get; init; }

    public required DateTimeOffset Since { get; init; }

    public bool Terminal => Phase is WorkloadPhase.Succeeded or WorkloadPhase.Failed;
}
