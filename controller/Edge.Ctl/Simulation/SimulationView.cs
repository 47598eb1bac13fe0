namespace Edge.Ctl.Simulation;

/// <summary>The JSON/YAML shape of <c>edgectl simulate -o json</c>.</summary>
internal sealed record SimulationView(
    string Scenario,
    int Steps,
    int FinalNodes,
    IReadOnlyDictionary<string, int> FinalReplicas,
    IReadOnlyDictionary<string, int> RunningReplicas,
    IReadOnlyList<SimulationEventView> Events);
