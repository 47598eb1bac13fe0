using CsCheck;
using Edge.Scheduling.Autoscaling;

namespace Edge.Scheduling.Tests.Autoscaling;

/// <summary>Random fleets: scale-down never breaks a Cluster Autoscaler limit, and what it removes can move.</summary>
public sealed class NodeAutoscalerPropertyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Decide_RandomFleets_RemovalsRespectMinSizeThresholdAndBatchLimits()
    {
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 30], Gen.Int[0, 4]).Sample((seed, nodeCount, minSize) =>
        {
            var random = new Random(seed);
            var cache = new ClusterCache();
            for (var i = 0; i < nodeCount; i++)
            {
                cache.UpsertNode(new PlacementNode
                {
                    Name = $"n{i:00}",
                    Labels = new Dictionary<string, string> { [NodeGroup.Label] = "g" },
                    Allocatable = new ResourceAmount(4000, 8L << 30),
                    Condition = random.Next(10) == 0 ? NodeCondition.Disconnected : NodeCondition.Ready,
                });
            }

            var workload = new PlacementWorkload { Name = "w", Requests = new ResourceAmount(250 * (1 + random.Next(8)), 256L << 20) };
            var engine = new PlacementEngine(cache);
            engine.Place(workload, random.Next(nodeCount * 4));
            var group = new NodeGroup { Name = "g", MinSize = minSize, MaxSize = 100, Template = new PlacementNode { Name = "t", Allocatable = new ResourceAmount(4000, 8L << 30) } };
            var options = new NodeAutoscalerOptions { MaxEmptyBulkDelete = 3 };
            var since = cache.Nodes.ToDictionary(n => n.Name, _ => T0.AddHours(-1));
            var input = new NodeAutoscalerInput { Cache = cache, Groups = [group], Workloads = new Dictionary<string, PlacementWorkload> { ["w"] = workload } };

            var d = NodeAutoscaler.Decide(input, NodeAutoscalerState.Empty with { UnneededSince = since }, options, T0, random);

            var removed = d.Removals.Select(r => r.Node).ToList();
            Assert.That(nodeCount - removed.Count, Is.GreaterThanOrEqualTo(Math.Min(nodeCount, minSize)), "never below the group's minimum");
            Assert.That(removed.Count(n => cache.AssignmentsOn(n).Count == 0), Is.LessThanOrEqualTo(3), "max-empty-bulk-delete");
            Assert.That(removed.Count(n => cache.AssignmentsOn(n).Count > 0), Is.LessThanOrEqualTo(1), "max-drain-parallelism");
            foreach (var name in removed)
            {
                var node = cache.GetNode(name)!;
                var used = cache.RequestedOn(name);
                Assert.That(node.Condition, Is.EqualTo(NodeCondition.Ready));
                Assert.That(Math.Max((double)used.CpuMillis / node.Allocatable.CpuMillis, (double)used.MemoryBytes / node.Allocatable.MemoryBytes), Is.LessThan(0.5));
            }

            // What was removed had room elsewhere: the remaining ready nodes' free CPU covers the moved replicas.
            var moved = removed.Sum(n => cache.RequestedOn(n).CpuMillis);
            var free = cache.Nodes.Where(n => n.Condition == NodeCondition.Ready && !removed.Contains(n.Name)).Sum(n => n.Allocatable.CpuMillis - cache.RequestedOn(n.Name).CpuMillis);
            Assert.That(moved, Is.LessThanOrEqualTo(free));
        }, iter: 300, threads: 1);
    }
}
