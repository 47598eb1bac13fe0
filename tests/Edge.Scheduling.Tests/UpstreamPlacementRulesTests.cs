using Edge.Scheduling;
using static Edge.Scheduling.Tests.Fleet;

namespace Edge.Scheduling.Tests;

/// <summary>Placement decisions that follow kube-scheduler's plugins (interpodaffinity, podtopologyspread, tainttoleration, nodeaffinity).</summary>
public sealed class UpstreamPlacementRulesTests
{
    private static readonly TopologySpreadConstraint ZoneSpread = new("zone", 1, UnsatisfiableAction.DoNotSchedule);

    [Test]
    public void Place_ExistingWorkloadsAntiAffinityNamesIncoming_RefusesItsDomain()
    {
        var engine = Engine(Node("a1", labels: ("zone", "z1")), Node("a2", labels: ("zone", "z1")), Node("b1", labels: ("zone", "z2")));
        var a = Workload("a") with { AntiAffinity = [new WorkloadAntiAffinityTerm(["b"], "zone")] };
        engine.Place(a, 1);
        var b = Workload("b");

        var placement = engine.Place(b, 2);

        Assert.Multiple(() =>
        {
            Assert.That(engine.Cache.AssignmentsOf("a").Single().Node, Does.StartWith("a"));
            Assert.That(placement.Replicas[0].Node, Is.EqualTo("b1"));
            Assert.That(placement.Replicas[1].Node, Is.EqualTo("b1"));
            Assert.That(placement.Replicas[0].RunnersUp, Is.Empty, "both z1 nodes are closed to b");
        });
    }

    [Test]
    public void Place_OnlyDomainClosedBySymmetricTerm_UnplacedWithOwnerNamedAndNothingAssigned()
    {
        var engine = Engine(Node("a1", labels: ("zone", "z1")), Node("a2", labels: ("zone", "z1")));
        engine.Place(Workload("a") with { AntiAffinity = [new WorkloadAntiAffinityTerm(["b"], "zone")] }, 1);

        var placement = engine.Place(Workload("b"), 1);

        Assert.Multiple(() =>
        {
            Assert.That(placement.Replicas[0].Unplaced!.ToString(), Is.EqualTo("0/2 nodes fit: 2 anti-affinity of a zone"));
            Assert.That(engine.Cache.ReplicaCount("b"), Is.Zero);
        });
    }

    [Test]
    public void Place_DeclaredButNotPlacedHere_StillHonoursReplayedReplicas()
    {
        // After a restart the controller replays a's replicas into the cache and declares a before placing b.
        var engine = Engine(Node("a1", labels: ("zone", "z1")), Node("b1", labels: ("zone", "z2")));
        engine.Cache.Assign("a", 0, "b1", default);
        engine.Declare(Workload("a") with { AntiAffinity = [new WorkloadAntiAffinityTerm(["b"], "zone")] });

        Assert.That(engine.Place(Workload("b"), 1).Replicas[0].Node, Is.EqualTo("a1"));
    }

    [Test]
    public void Place_TermRemovedOrOwnerForgotten_DomainOpensAgain()
    {
        var engine = Engine(Node("a1", labels: ("zone", "z1")));
        var a = Workload("a") with { AntiAffinity = [new WorkloadAntiAffinityTerm(["b"], "zone")] };
        engine.Place(a, 1);
        Assert.That(engine.Place(Workload("b"), 1).Replicas[0].Node, Is.Null);

        engine.Declare(a with { AntiAffinity = [] });

        Assert.That(engine.Place(Workload("b"), 1).Replicas[0].Node, Is.EqualTo("a1"));
    }

    [Test]
    public void Place_SymmetricTermOnNodeWithoutKey_NoConflict()
    {
        var engine = Engine(Node("n1"), Node("n2", cpu: 8000));
        engine.Place(Workload("a") with { AntiAffinity = [new WorkloadAntiAffinityTerm(["b"], "zone")] }, 1);

        var placement = engine.Place(Workload("b", cpu: 100), 2);

        Assert.That(placement.Replicas.Select(r => r.Node), Has.None.Null);
    }

    [TestCase(NodeInclusionPolicy.Honor, "a1")]
    [TestCase(NodeInclusionPolicy.Ignore, "a2")]
    public void Place_SpreadNodeAffinityPolicy_CountsReplicasOnExcludedNodesOnlyWhenIgnored(NodeInclusionPolicy policy, string expected)
    {
        // x1 is in z1 but arm64, which web's selector excludes; two replicas of web run there from before.
        var engine = Engine(
            Node("a1", labels: [("zone", "z1"), ("arch", "x64")]),
            Node("a2", labels: [("zone", "z2"), ("arch", "x64")]),
            Node("x1", labels: [("zone", "z1"), ("arch", "arm64")]));
        engine.Cache.Assign("web", 0, "x1", default);
        engine.Cache.Assign("web", 1, "x1", default);
        var web = Workload("web") with
        {
            NodeSelector = Labels(("arch", "x64")),
            TopologySpread = [ZoneSpread with { NodeAffinityPolicy = policy }],
        };

        Assert.That(engine.Place(web, 1).Replicas[0].Node, Is.EqualTo(expected));
    }

    [TestCase(NodeInclusionPolicy.Ignore, false)]
    [TestCase(NodeInclusionPolicy.Honor, true)]
    public void Place_SpreadNodeTaintsPolicy_TaintedOnlyDomainHoldsMinimumUnlessHonored(NodeInclusionPolicy policy, bool thirdPlaced)
    {
        var engine = Engine(
            Node("a1", labels: ("zone", "z1")),
            Node("a2", labels: ("zone", "z2")),
            Node("t3", labels: ("zone", "z3")) with { Taints = [new Taint("edge.io/maintenance", "", TaintEffect.NoSchedule)] });
        var web = Workload("web") with { TopologySpread = [ZoneSpread with { NodeTaintsPolicy = policy }] };

        var placement = engine.Place(web, 3);

        Assert.Multiple(() =>
        {
            Assert.That(placement.Replicas.Take(2).Select(r => r.Node), Is.EquivalentTo(new[] { "a1", "a2" }));
            Assert.That(placement.Replicas[2].Node is not null, Is.EqualTo(thirdPlaced));
            if (!thirdPlaced)
            {
                Assert.That(placement.Replicas[2].Unplaced!.ToString(), Is.EqualTo("0/3 nodes fit: 2 topology spread zone, 1 taint edge.io/maintenance"));
            }
        });
    }

    [TestCase(1, 4)]
    [TestCase(3, 2)]
    public void Place_SpreadMinDomains_FewerEligibleDomainsHoldMinimumAtZero(int minDomains, int placed)
    {
        var engine = Engine(Node("a1", labels: ("zone", "z1")), Node("a2", labels: ("zone", "z2")));
        var web = Workload("web") with { TopologySpread = [ZoneSpread with { MinDomains = minDomains }] };

        var placement = engine.Place(web, 4);

        Assert.That(placement.Replicas.Count(r => r.Node is not null), Is.EqualTo(placed));
    }

    [Test]
    public void Place_SpreadOfflineDomain_DoesNotHoldMinimum()
    {
        // Deliberate difference: a site whose only node is disconnected is not an eligible domain.
        var engine = Engine(Node("a1", labels: ("zone", "z1")), Node("a2", labels: ("zone", "z2")), Node("d3", labels: ("zone", "z3")) with { Condition = NodeCondition.Disconnected });

        var placement = engine.Place(Workload("web") with { TopologySpread = [ZoneSpread] }, 4);

        Assert.That(placement.Replicas.Count(r => r.Node is not null), Is.EqualTo(4));
    }

    [Test]
    public void Place_UntoleratedPreferNoScheduleTaints_ScoredByCountNormalisedToTheMost()
    {
        static PlacementNode Tainted(string name, int count) =>
            Node(name) with { Taints = [.. Enumerable.Range(0, count).Select(i => new Taint($"edge.io/t{i}", "", TaintEffect.PreferNoSchedule))] };
        var engine = Engine(Tainted("a", 0), Tainted("b", 1), Tainted("c", 2));

        var decision = engine.Place(Workload("web"), 1).Replicas[0];
        var scores = new[] { decision.Score }.Concat(decision.RunnersUp.Select(r => r.Score)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(new[] { decision.Node }.Concat(decision.RunnersUp.Select(r => r.Node)), Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(scores[0] - scores[1], Is.EqualTo(ScoringWeights.TaintToleration * ScoringWeights.Scale / 2));
            Assert.That(scores[1] - scores[2], Is.EqualTo(ScoringWeights.TaintToleration * ScoringWeights.Scale / 2));
        });
    }

    [Test]
    public void Place_ToleratedPreferNoScheduleTaints_DoNotCount()
    {
        var engine = Engine(Node("a") with { Taints = [new Taint("edge.io/busy", "", TaintEffect.PreferNoSchedule)] }, Node("b"));
        var web = Workload("web") with { Tolerations = [new Toleration { Key = "edge.io/busy", Operator = TolerationOperator.Exists }] };

        var decision = engine.Place(web, 1).Replicas[0];

        Assert.That(decision.Score, Is.EqualTo(decision.RunnersUp.Single().Score), "same score: ties go to the smaller name");
    }

    [Test]
    public void Place_NodeAtMaxWorkloads_FilteredAsTooManyWorkloadsAndReopensWhenOneEnds()
    {
        var engine = Engine(Node("a") with { MaxWorkloads = 2 }, Node("b", cpu: 1000));
        engine.Cache.Assign("other", 0, "a", default);

        var first = engine.Place(Workload("web", cpu: 600), 3);
        var explained = engine.Explain(Workload("web", cpu: 600));
        engine.Cache.Unassign("other", 0);
        var after = engine.Place(Workload("web", cpu: 600), 1);

        Assert.Multiple(() =>
        {
            Assert.That(NodesOf(first), Is.EqualTo(new[] { "a", "b", "-" }));
            Assert.That(first.Replicas[2].Unplaced!.ToString(), Is.EqualTo("0/2 nodes fit: 1 insufficient cpu, 1 too many workloads"));
            Assert.That(explained.ToString(), Does.Contain("1 too many workloads"));
            Assert.That(after.Replicas[0].Node, Is.EqualTo("a"));
        });
    }

    [Test]
    public void Place_GlobalOnNodeAtMaxWorkloads_LeftOutAndCounted()
    {
        var engine = Engine(Node("a") with { MaxWorkloads = 1 }, Node("b"));
        engine.Cache.Assign("other", 0, "a", default);

        var placement = engine.Reconcile(Workload("agent-sidecar") with { Mode = PlacementMode.Global });

        Assert.Multiple(() =>
        {
            Assert.That(NodesOf(placement), Is.EqualTo(new[] { "b" }));
            Assert.That(placement.NodesLeftOut!.ToString(), Does.Contain("1 too many workloads"));
            Assert.That(engine.PlaceGlobalOn(Workload("agent-sidecar") with { Mode = PlacementMode.Global }, "a"), Is.Null);
        });
    }

    [Test]
    public void Place_RequiredTermWithoutExpressions_MatchesNoNode()
    {
        var engine = Engine(Node("a"), Node("b"));
        var web = Workload("web") with { Affinity = new NodeAffinity { Required = [new NodeSelectorTerm()] } };

        var placement = engine.Place(web, 1);

        Assert.Multiple(() =>
        {
            Assert.That(placement.Replicas[0].Unplaced!.ToString(), Is.EqualTo("0/2 nodes fit: 2 node affinity"));
            Assert.That(engine.Cache.ReplicaCount("web"), Is.Zero);
        });
    }

    [Test]
    public void Place_EmptyTermOredWithMatchingTerm_MatchingTermDecides()
    {
        var engine = Engine(Node("a", labels: ("zone", "z1")), Node("b", labels: ("zone", "z2")));
        var web = Workload("web") with
        {
            Affinity = new NodeAffinity { Required = [new NodeSelectorTerm(), new NodeSelectorTerm(new NodeSelectorRequirement("zone", SelectorOperator.In, "z2"))] },
        };

        Assert.That(engine.Place(web, 1).Replicas[0].Node, Is.EqualTo("b"));
    }
}
