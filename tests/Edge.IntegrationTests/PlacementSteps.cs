using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>The edgectl steps the placement tests share: run a command that must succeed, wait for where a workload runs.</summary>
internal static class PlacementSteps
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>A workload manifest requesting 100m CPU and 16Mi (and <paramref name="gpus"/> edge.io/gpu when given) plus <paramref name="spec"/>.</summary>
    public static Task<string> Manifest(LocalFleet fleet, string name, string spec, string? gpus = null) =>
        fleet.WriteWorkloadManifestAsync(name, $"  resources: {{cpu: 100m, memory: 16Mi{(gpus is null ? "" : $", edge.io/gpu: {gpus}")}}}\n" + spec);

    public static bool Runs(Node n, string workload) => n.Workloads.Any(w => w.Name == workload && w.Phase == WorkloadPhase.Running);

    public static async Task<string> Ctl(LocalFleet fleet, params string[] args)
    {
        var (code, output) = await fleet.EdgectlAsync(args);
        Assert.That(code, Is.Zero, $"edgectl {string.Join(' ', args)}: {output}");
        return output;
    }

    /// <summary>Waits until exactly <paramref name="expected"/> report the workload Running and no other node runs it.</summary>
    public static async Task<string[]> RunningOn(LocalFleet fleet, string workload, string[] expected)
    {
        var nodes = await Eventually.Until(
            fleet.NodesAsync,
            ns => ns.Where(n => Runs(n, workload)).Select(n => n.Name).Order(StringComparer.Ordinal).SequenceEqual(expected)
                && ns.Where(n => !expected.Contains(n.Name)).All(n => n.Workloads.All(w => w.Name != workload)),
            Bound,
            $"{workload} on {string.Join(",", expected)}");
        return [.. nodes.Where(n => Runs(n, workload)).Select(n => n.Name).Order(StringComparer.Ordinal)];
    }
}
