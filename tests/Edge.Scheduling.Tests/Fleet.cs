using Edge.Scheduling;

namespace Edge.Scheduling.Tests;

/// <summary>Builders for nodes and workloads in placement tests.</summary>
internal static class Fleet
{
    public const long Gi = 1L << 30;

    public static PlacementNode Node(string name, long cpu = 4000, long memoryGi = 8, params (string Key, string Value)[] labels) => new()
    {
        Name = name,
        Labels = labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal),
        Allocatable = new ResourceAmount(cpu, memoryGi * Gi),
    };

    public static PlacementWorkload Workload(string name, long cpu = 100, long memoryMi = 128, int replicas = 1) => new()
    {
        Name = name,
        Replicas = replicas,
        Requests = new ResourceAmount(cpu, memoryMi << 20),
    };

    public static PlacementEngine Engine(params PlacementNode[] nodes)
    {
        var cache = new ClusterCache();
        foreach (var node in nodes)
        {
            cache.UpsertNode(node);
        }

        return new PlacementEngine(cache);
    }

    public static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public static string[] NodesOf(WorkloadPlacement placement) => [.. placement.Replicas.Select(r => r.Node ?? "-")];
}
