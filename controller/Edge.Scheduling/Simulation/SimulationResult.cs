namespace Edge.Scheduling.Simulation;

/// <summary>The timeline of decisions and where the fleet ended.</summary>
public sealed record SimulationResult(
    IReadOnlyList<SimulationEvent> Events,
    IReadOnlyDictionary<string, int> FinalReplicas,
    IReadOnlyDictionary<string, int> RunningReplicas,
    int FinalNodes,
    int Steps);
