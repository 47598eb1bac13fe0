using CsCheck;
using Edge.Scheduling;

namespace Edge.Scheduling.Tests;

/// <summary>Random fleets: the engine agrees with the scan-every-node reference and never breaks a hard rule.</summary>
public sealed class PlacementPropertyTests
{
    private static readonly Gen<(int Seed, int Nodes, int Workloads)> Scenarios = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 40], Gen.Int[1, 6]);

    [Test]
    public void Place_RandomFleetsWithRemovalsAndNodeChanges_SameDecisionsAsReferenceScan()
    {
        Scenarios.Sample(s => AssertSameAsReference(s.Seed, s.Nodes, s.Workloads, steps: 12), iter: 300, threads: 1);
    }

    [Test]
    public void Place_LargerFleetManySites_SameDecisionsAsReferenceScan()
    {
        AssertSameAsReference(seed: 7, nodeCount: 400, workloadCount: 12, steps: 40);
    }

    [Test]
    public void Place_RandomFleets_NoNodeOverCapacityAndEveryRequiredConstraintHolds()
    {
        Scenarios.Sample(s => AssertHardRulesHold(s.Seed, s.Nodes, s.Workloads), iter: 300, threads: 1);
    }

    private static void AssertSameAsReference(int seed, int nodeCount, int workloadCount, int steps)
    {
        var random = new Random(seed);
        var nodes = RandomFleet.Nodes(random, nodeCount);
        var cache = new ClusterCache();
        nodes.ForEach(cache.UpsertNode);
        var engine = new PlacementEngine(cache);
        var reference = new ReferencePlacement(nodes);
        var workloads = new List<PlacementWorkload>();
        for (var i = 0; i < workloadCount; i++)
        {
            workloads.Add(RandomFleet.Workload(random, $"w{i}", Others(workloadCount, i)));
        }

        // Every workload's terms are known before the first placement, as the controller declares them at start.
        workloads.ForEach(engine.Declare);
        workloads.ForEach(reference.Declare);

        for (var step = 0; step < steps; step++)
        {
            var w = workloads[random.Next(workloads.Count)];
            switch (random.Next(6))
            {
                case 0:
                    // A replica ends.
                    var assigned = cache.AssignmentsOf(w.Name);
                    if (assigned.Count > 0)
                    {
                        var gone = assigned[random.Next(assigned.Count)];
                        cache.Unassign(w.Name, gone.Ordinal);
                        reference.Unassign(w.Name, gone.Ordinal, w.Requests);
                        Assert.That(cache.ExtendedRequestedOn(gone.Node), Is.EquivalentTo(reference.ExtendedOn(gone.Node)), $"seed {seed}: devices held on {gone.Node}");
                    }

                    break;
                case 1:
                    // A node is cordoned, uncordoned, disconnects or returns.
                    var node = nodes[random.Next(nodes.Count)];
                    node = node with { Cordoned = random.Next(2) == 0, Condition = random.Next(4) == 0 ? NodeCondition.Disconnected : NodeCondition.Ready };
                    nodes[nodes.FindIndex(n => n.Name == node.Name)] = node;
                    cache.UpsertNode(node);
                    reference.UpsertNode(node);
                    break;
                default:
                    var count = random.Next(1, 8);
                    var actual = engine.Place(w, count);
                    var expected = reference.Place(w, count);
                    Assert.That(actual.Replicas, Is.EqualTo(expected.Replicas).Using<ReplicaPlacement>(Same), $"seed {seed}, step {step}, workload {w}");
                    break;
            }
        }
    }

    private static void AssertHardRulesHold(int seed, int nodeCount, int workloadCount)
    {
        var random = new Random(seed);
        var nodes = RandomFleet.Nodes(random, nodeCount);
        var cache = new ClusterCache();
        nodes.ForEach(cache.UpsertNode);
        var engine = new PlacementEngine(cache, runnersUp: 0);
        var workloads = new List<PlacementWorkload>();
        for (var i = 0; i < workloadCount; i++)
        {
            var w = RandomFleet.Workload(random, $"w{i}", Others(workloadCount, i));
            workloads.Add(w);
            engine.Place(w, random.Next(1, 30));
        }

        // A second round: earlier workloads grow beside later ones whose terms name them (symmetry).
        foreach (var w in workloads)
        {
            engine.Place(w, random.Next(0, 10));
        }

        var byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        Assert.That(cache.Utilization().Nodes.Where(n => n.OverCapacity).Select(n => n.Node), Is.Empty, $"seed {seed}: over capacity");
        Assert.That(cache.ExtendedOverCapacity(), Is.Empty, $"seed {seed}: extended resources over capacity");
        Assert.That(nodes.Where(n => n.MaxWorkloads > 0 && cache.ReplicasOn(n.Name) > n.MaxWorkloads).Select(n => n.Name), Is.Empty, $"seed {seed}: over MaxWorkloads");
        foreach (var w in workloads)
        {
            var placed = cache.AssignmentsOf(w.Name).Select(a => byName[a.Node]).ToList();
            foreach (var node in placed)
            {
                Assert.That(PlacementRules.StaticFilter(node, w), Is.Null, $"seed {seed}: {w.Name} on {node.Name}");
            }

            foreach (var anti in w.AntiAffinity)
            {
                // Nodes without the key are in no domain: they never conflict. Symmetry: whichever
                // of the two was placed first, no replica of a named workload shares a domain with w's.
                var mine = placed.Select(n => n.TopologyValue(anti.TopologyKey)).OfType<string>().ToList();
                var theirs = anti.Workloads.SelectMany(cache.AssignmentsOf).Select(a => byName[a.Node].TopologyValue(anti.TopologyKey)).OfType<string>().ToList();
                var expectedShared = anti.Workloads.Contains(w.Name) ? mine.Count : 0;
                Assert.That(theirs.Count(mine.Contains), Is.EqualTo(expectedShared), $"seed {seed}: {w.Name} anti-affinity {anti.TopologyKey}");
                if (anti.Workloads.Contains(w.Name))
                {
                    Assert.That(mine, Is.Unique, $"seed {seed}: {w.Name} shares a {anti.TopologyKey}");
                }
            }

            // Required workload affinity: each replica's domain holds a counted replica (itself, for the first of a self-affine series).
            var affine = PlacementRules.AffinityCounted(w);
            foreach (var term in w.WorkloadAffinity)
            {
                var domains = affine.SelectMany(cache.AssignmentsOf).Select(a => byName[a.Node].TopologyValue(term.TopologyKey)).OfType<string>().ToHashSet();
                foreach (var node in placed)
                {
                    Assert.That(domains, Does.Contain(node.TopologyValue(term.TopologyKey)), $"seed {seed}: {w.Name} on {node.Name} without affinity {term.TopologyKey}");
                }
            }

            foreach (var spread in w.TopologySpread.Where(s => s.WhenUnsatisfiable == UnsatisfiableAction.DoNotSchedule))
            {
                // Skew over eligible domains only, counting replicas only on nodes the policies include.
                var eligible = nodes.Where(n => n.TopologyValue(spread.TopologyKey) is not null && PlacementRules.SpreadEligible(n, w, spread))
                    .Select(n => n.TopologyValue(spread.TopologyKey)!).Distinct().ToList();
                var counted = placed.Where(n => PlacementRules.SpreadCounts(n, w, spread)).ToList();
                var counts = eligible.Select(d => counted.Count(n => n.TopologyValue(spread.TopologyKey) == d)).ToList();
                if (counts.Count > 0)
                {
                    var min = counts.Count < spread.MinDomains ? 0 : counts.Min();
                    var busiest = counted.GroupBy(n => n.TopologyValue(spread.TopologyKey)).Select(g => g.Count()).DefaultIfEmpty(0).Max();
                    Assert.That(busiest - min, Is.LessThanOrEqualTo(spread.MaxSkew), $"seed {seed}: {w.Name} skew over {spread.TopologyKey}");
                }
            }
        }
    }

    private static string[] Others(int count, int self) =>
        [.. Enumerable.Range(0, count).Where(i => i != self).Select(i => $"w{i}")];

    private static bool Same(ReplicaPlacement a, ReplicaPlacement b) =>
        a.Ordinal == b.Ordinal && a.Node == b.Node && a.Score == b.Score
        && a.RunnersUp.SequenceEqual(b.RunnersUp)
        && a.Unplaced?.ToString() == b.Unplaced?.ToString();
}
