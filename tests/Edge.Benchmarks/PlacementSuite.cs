using Edge.Scheduling;

namespace Edge.Benchmarks;

/// <summary>
/// Selector placement of 20 workloads over 10,000 nodes, beside a baseline
/// that only walks the same nodes and looks up each selector's labels (the
/// least any placement must do), measured in the same run.
/// </summary>
internal static class PlacementSuite
{
    private const int NodeCount = 10_000;
    private const int WorkloadCount = 20;

    public static Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var random = new Random(42);
        var nodes = Enumerable.Range(0, NodeCount).Select(i => new PlacementNode
        {
            Name = $"node-{i}",
            Labels = new Dictionary<string, string>
            {
                ["zone"] = $"zone-{random.Next(10)}",
                ["site"] = $"site-{random.Next(500)}",
                ["edge.io/arch"] = random.Next(3) == 0 ? "arm64" : "x64",
            },
        }).ToList();
        var workloads = Enumerable.Range(0, WorkloadCount).Select(i => new PlacementWorkload
        {
            Name = $"w-{i}",
            NodeSelector = i % 2 == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["zone"] = $"zone-{i % 10}" },
        }).ToList();

        var matches = 0;
        var baseline = Measure.MedianMilliseconds(() =>
        {
            matches = 0;
            foreach (var node in nodes)
            {
                foreach (var w in workloads)
                {
                    if (w.NodeSelector.All(kv => node.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
                    {
                        matches++;
                    }
                }
            }
        });
        PlacementDecision? decision = null;
        var placement = Measure.MedianMilliseconds(() => decision = SelectorPlacement.Place(nodes, workloads));
        var placed = decision!.WorkloadsByNode.Values.Sum(v => v.Count);
        if (placed != matches)
        {
            throw new InvalidOperationException($"placement placed {placed}, the baseline matched {matches}");
        }

        var pairs = (double)NodeCount * WorkloadCount;
        return Task.FromResult<IReadOnlyDictionary<string, double>>(new Dictionary<string, double>
        {
            ["nodes"] = NodeCount,
            ["workloads"] = WorkloadCount,
            ["placement_ms"] = placement,
            ["baseline_match_only_ms"] = baseline,
            ["placement_pairs_per_s"] = pairs / (placement / 1000),
            ["placement_over_baseline_ratio"] = placement / baseline,
        });
    }
}
