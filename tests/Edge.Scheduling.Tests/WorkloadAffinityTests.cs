using Edge.Scheduling;
using static Edge.Scheduling.Tests.Fleet;

namespace Edge.Scheduling.Tests;

/// <summary>Workload affinity as kube-scheduler's interpodaffinity plugin filters and scores pod affinity.</summary>
public sealed class WorkloadAffinityTests
{
    private static PlacementEngine Zones() => Engine(
        Node("a1", labels: ("zone", "z1")), Node("a2", labels: ("zone", "z1")),
        Node("b1", labels: ("zone", "z2")), Node("b2", labels: ("zone", "z2")),
        Node("c1"));

    [Test]
    public void Place_AffineToAbsentWorkload_UnplacedNamingTheTermAndNothingAssigned()
    {
        var engine = Zones();
        var web = Workload("web") with { WorkloadAffinity = [new WorkloadAffinityTerm(["cache"], "zone")] };

        var placement = engine.Place(web, 1);

        Assert.Multiple(() =>
        {
            Assert.That(placement.Replicas[0].Unplaced!.ToString(), Is.EqualTo("0/5 nodes fit: 4 workload affinity zone, 1 no label zone"));
            Assert.That(engine.Cache.ReplicaCount("web"), Is.Zero);
        });
    }

    [Test]
    public void Place_AffineToPlacedWorkload_LandsOnlyInItsDomain()
    {
        var engine = Zones();
        engine.Cache.Assign("cache", 0, "b2", default);
        var web = Workload("web") with { WorkloadAffinity = [new WorkloadAffinityTerm(["cache"], "zone")] };

        var placement = engine.Place(web, 2);

        Assert.That(placement.Replicas.Select(r => r.Node), Is.EquivalentTo(new[] { "b1", "b2" }));
    }

    [Test]
    public void Place_FirstReplicaAffineToItself_GoesAnywhereThenTheRestFollowIt()
    {
        var engine = Zones();
        var web = Workload("web") with { WorkloadAffinity = [new WorkloadAffinityTerm(["web"], "zone")] };

        var first = engine.Place(web, 1).Replicas[0];
        var rest = engine.Place(web, 3).Replicas;
        var zone = first.Node![..1];

        Assert.Multiple(() =>
        {
            Assert.That(first.Node, Is.Not.EqualTo("c1"), "a node without the key is refused even for the first replica");
            Assert.That(rest.Select(r => r.Node![..1]), Is.All.EqualTo(zone));
        });
    }

    [Test]
    public void Place_SelfAffineWhileAnotherCountedWorkloadRuns_NoExemption()
    {
        // The exemption holds only while no replica matching every term runs anywhere.
        var engine = Zones();
        engine.Cache.Assign("cache", 0, "a1", default);
        var web = Workload("web") with { WorkloadAffinity = [new WorkloadAffinityTerm(["web", "cache"], "zone")] };

        var placement = engine.Place(web, 2);

        Assert.That(placement.Replicas.Select(r => r.Node), Is.EquivalentTo(new[] { "a1", "a2" }));
    }

    [Test]
    public void Place_TwoTermsNamingDifferentWorkloads_NoReplicaMatchesBothSoNothingFits()
    {
        // Upstream counts only pods matching all terms: a replica of cache never matches the term naming db.
        var engine = Zones();
        engine.Cache.Assign("cache", 0, "a1", default);
        engine.Cache.Assign("db", 0, "a2", default);
        var web = Workload("web") with
        {
            WorkloadAffinity = [new WorkloadAffinityTerm(["cache"], "zone"), new WorkloadAffinityTerm(["db"], "zone")],
        };

        var placement = engine.Place(web, 1);

        Assert.That(placement.Replicas[0].Node, Is.Null);
    }

    [Test]
    public void Place_PreferredAffinity_ScoresTheBusierDomainUpNormalised()
    {
        var engine = Zones();
        engine.Cache.Assign("cache", 0, "b1", default);
        engine.Cache.Assign("cache", 1, "b2", default);
        engine.Cache.Assign("cache", 2, "a1", default);
        var plain = Workload("plain");
        var web = Workload("web") with { PreferredWorkloadAffinity = [new WeightedWorkloadAffinityTerm(50, new WorkloadAffinityTerm(["cache"], "zone"))] };

        var without = engine.Explain(plain);
        var placed = engine.Place(web, 1).Replicas[0];
        var baseline = engine.Place(plain, 1).Replicas[0];

        Assert.Multiple(() =>
        {
            Assert.That(without.FitNodes, Is.EqualTo(5));
            // z2 holds 2 (raw 100, the highest): + 2 × 1000; z1 holds 1 (raw 50): + 2 × 500; c1 has no zone (raw 0): + 0.
            Assert.That(placed.Node, Is.EqualTo("b1"));
            Assert.That(placed.Score - baseline.Score, Is.EqualTo(2 * ScoringWeights.Scale));
            Assert.That(placed.RunnersUp.Select(r => r.Node), Is.EqualTo(new[] { "b2", "a1", "a2" }));
        });
    }

    [Test]
    public void Refusal_PreferredNodeOutsideTheAffineDomain_SaysWhy()
    {
        var engine = Zones();
        engine.Cache.Assign("cache", 0, "a1", default);
        var web = Workload("web") with { WorkloadAffinity = [new WorkloadAffinityTerm(["cache"], "zone")] };

        var placement = engine.Place(web, 1, preferred: "b1").Replicas[0];

        Assert.Multiple(() =>
        {
            Assert.That(placement.Node, Is.EqualTo("a1").Or.EqualTo("a2"));
            Assert.That(placement.PreferenceRefused, Is.EqualTo("b1: workload affinity zone"));
        });
    }
}
