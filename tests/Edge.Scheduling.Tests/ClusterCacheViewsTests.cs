using CsCheck;

namespace Edge.Scheduling.Tests;

/// <summary>The cache's cheap views agree with the sorted per-replica lists they stand in for.</summary>
public sealed class ClusterCacheViewsTests
{
    [Test]
    public void WorkloadsOnReplicaCountOnAndReplicaNodes_RandomAssignments_SameAsThePerReplicaLists()
    {
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 12], Gen.Int[1, 6]).Sample((seed, nodeCount, workloadCount) =>
        {
            var random = new Random(seed);
            var cache = new ClusterCache();
            var nodes = RandomFleet.Nodes(random, nodeCount);
            nodes.ForEach(cache.UpsertNode);
            var workloads = Enumerable.Range(0, workloadCount).Select(i => $"w{i}").ToList();
            var ordinals = new Dictionary<string, int>();
            for (var step = 0; step < 40; step++)
            {
                var w = workloads[random.Next(workloads.Count)];
                var assigned = cache.AssignmentsOf(w);
                if (assigned.Count > 0 && random.Next(3) == 0)
                {
                    cache.Unassign(w, assigned[random.Next(assigned.Count)].Ordinal);
                }
                else
                {
                    var ordinal = ordinals[w] = ordinals.GetValueOrDefault(w) + 1;
                    cache.Assign(w, ordinal, nodes[random.Next(nodes.Count)].Name, default);
                }
            }

            foreach (var node in nodes)
            {
                var expected = cache.AssignmentsOn(node.Name).Select(a => a.Workload).Distinct().Order(StringComparer.Ordinal);
                Assert.That(cache.WorkloadsOn(node.Name), Is.EqualTo(expected), node.Name);
                foreach (var w in workloads)
                {
                    Assert.That(cache.ReplicaCountOn(node.Name, w), Is.EqualTo(cache.AssignmentsOn(node.Name).Count(a => a.Workload == w)), $"{w} on {node.Name}");
                }

            }

            foreach (var w in workloads)
            {
                Assert.That(cache.ReplicaNodes(w), Is.EquivalentTo(cache.AssignmentsOf(w).Select(a => a.Node)), w);
            }

            Assert.That(cache.WorkloadsOn("no-such-node"), Is.Empty);
            Assert.That(cache.ReplicaNodes("no-such-workload"), Is.Empty);
            Assert.That(cache.ReplicaCountOn(nodes[0].Name, "no-such-workload"), Is.Zero);
        }, iter: 200, threads: 1);
    }
}
