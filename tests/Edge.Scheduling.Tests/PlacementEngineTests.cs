using Edge.Scheduling;
using static Edge.Scheduling.Tests.Fleet;

namespace Edge.Scheduling.Tests;

public sealed class PlacementEngineTests
{
    [Test]
    public void Place_SpreadStrategy_PrefersLeastAllocatedNode()
    {
        var engine = Engine(Node("a"), Node("b"));
        engine.Cache.Assign("other", 0, "a", new ResourceAmount(2000, 4 * Gi));

        var placement = engine.Place(Workload("web"), 1);

        Assert.That(placement.Replicas[0].Node, Is.EqualTo("b"));
    }

    [Test]
    public void Place_BinpackStrategy_PrefersMostAllocatedNode()
    {
        var engine = Engine(Node("a"), Node("b"));
        engine.Cache.Assign("other", 0, "b", new ResourceAmount(2000, 4 * Gi));

        var placement = engine.Place(Workload("web") with { Scoring = ScoringStrategy.Binpack }, 3);

        Assert.That(NodesOf(placement), Is.EqualTo(new[] { "b", "b", "b" }));
    }

    [Test]
    public void Place_BalancedAllocation_PrefersNodeWhereCpuAndMemoryStayEven()
    {
        // Same mean allocation after placing, but on "skewed" CPU is far fuller than memory.
        var engine = Engine(Node("even"), Node("skewed"));
        engine.Cache.Assign("x", 0, "even", new ResourceAmount(1000, 2 * Gi));
        engine.Cache.Assign("x", 1, "skewed", new ResourceAmount(2000, 0));

        var placement = engine.Place(Workload("web", cpu: 0, memoryMi: 0), 1);

        Assert.That(placement.Replicas[0].Node, Is.EqualTo("even"));
    }

    [Test]
    public void Place_EqualScores_TieGoesToSmallerName()
    {
        var engine = Engine(Node("n2"), Node("n1"), Node("n3"));

        var placement = engine.Place(Workload("web", cpu: 0, memoryMi: 0), 1);

        Assert.That(placement.Replicas[0].Node, Is.EqualTo("n1"));
    }

    [Test]
    public void Place_RunnersUp_ListNextBestWithScoresBestFirst()
    {
        var engine = Engine(Node("a"), Node("b"), Node("c"), Node("d"), Node("e"));
        engine.Cache.Assign("x", 0, "b", new ResourceAmount(1000, 2 * Gi));
        engine.Cache.Assign("x", 1, "c", new ResourceAmount(2000, 4 * Gi));

        var replica = engine.Place(Workload("web"), 1).Replicas[0];

        Assert.Multiple(() =>
        {
            Assert.That(replica.Node, Is.EqualTo("a"));
            Assert.That(replica.RunnersUp.Select(r => r.Node), Is.EqualTo(new[] { "d", "e", "b" }));
            Assert.That(replica.RunnersUp.Select(r => r.Score), Is.Ordered.Descending);
            Assert.That(replica.RunnersUp[0].Score, Is.EqualTo(replica.Score));
            Assert.That(replica.RunnersUp[2].Score, Is.LessThan(replica.Score));
        });
    }

    [Test]
    public void Place_NodeSelector_OnlyMatchingNodes()
    {
        var engine = Engine(Node("a", labels: ("zone", "z1")), Node("b", labels: ("zone", "z2")));
        var web = Workload("web", cpu: 0, memoryMi: 0) with { NodeSelector = Labels(("zone", "z2")) };

        var placement = engine.Place(web, 3);

        Assert.That(NodesOf(placement), Is.EqualTo(new[] { "b", "b", "b" }));
    }

    [TestCase(SelectorOperator.In, new[] { "z2", "z3" }, "b")]
    [TestCase(SelectorOperator.NotIn, new[] { "z1", "z2" }, "c")]
    [TestCase(SelectorOperator.Exists, new string[0], "b")]
    [TestCase(SelectorOperator.DoesNotExist, new string[0], "a")]
    public void Place_RequiredAffinityOperator_FiltersNodes(SelectorOperator op, string[] values, string expected)
    {
        var engine = Engine(Node("a"), Node("b", labels: ("zone", "z2")), Node("c", labels: ("zone", "z3")));
        engine.Cache.Assign("x", 0, "a", new ResourceAmount(3000, 0));
        engine.Cache.Assign("x", 1, "c", new ResourceAmount(2000, 0));
        var web = Workload("web") with
        {
            Affinity = new NodeAffinity { Required = [new NodeSelectorTerm(new NodeSelectorRequirement("zone", op, values))] },
        };

        var placement = engine.Place(web, 1);

        Assert.That(placement.Replicas[0].Node, Is.EqualTo(expected));
    }

    [Test]
    public void Place_RequiredAffinityGtLt_ComparesIntegers()
    {
        var engine = Engine(Node("small", labels: ("cores", "2")), Node("mid", labels: ("cores", "8")), Node("big", labels: ("cores", "64")), Node("odd", labels: ("cores", "many")));
        var web = Workload("web", cpu: 0, memoryMi: 0) with
        {
            Affinity = new NodeAffinity
            {
                Required = [new NodeSelectorTerm(new NodeSelectorRequirement("cores", SelectorOperator.Gt, "4"), new NodeSelectorRequirement("cores", SelectorOperator.Lt, "10"))],
            },
        };

        var summary = engine.Explain(web);
        var placement = engine.Place(web, 2);

        Assert.Multiple(() =>
        {
            Assert.That(NodesOf(placement), Is.EqualTo(new[] { "mid", "mid" }));
            Assert.That(summary.ToString(), Is.EqualTo("1/4 nodes fit: 3 node affinity"));
        });
    }

    [Test]
    public void Place_RequiredAffinityTerms_AreOred()
    {
        var engine = Engine(Node("a", labels: ("zone", "z1")), Node("b", labels: ("site", "s1")), Node("c"));
        var web = Workload("web", cpu: 0, memoryMi: 0) with
        {
            Affinity = new NodeAffinity
            {
                Required = [new NodeSelectorTerm(new NodeSelectorRequirement("zone", SelectorOperator.In, "z9")), new NodeSelectorTerm(new NodeSelectorRequirement("site", SelectorOperator.Exists))],
            },
        };

        Assert.That(engine.Place(web, 1).Replicas[0].Node, Is.EqualTo("b"));
    }

    [Test]
    public void Place_PreferredAffinity_OutweighsResourceScore()
    {
        var engine = Engine(Node("a"), Node("b", labels: ("gpu", "yes")));
        engine.Cache.Assign("x", 0, "b", new ResourceAmount(2000, 4 * Gi));
        var web = Workload("web") with
        {
            Affinity = new NodeAffinity { Preferred = [new PreferredSchedulingTerm(50, new NodeSelectorTerm(new NodeSelectorRequirement("gpu", SelectorOperator.In, "yes")))] },
        };

        var replica = engine.Place(web, 1).Replicas[0];

        Assert.Multiple(() =>
        {
            Assert.That(replica.Node, Is.EqualTo("b"));
            // +2 × 1000 for the preferred term, −500 for b being half full under the spread strategy.
            Assert.That(replica.Score - replica.RunnersUp[0].Score, Is.EqualTo(1500));
        });
    }

    [Test]
    public void Place_NoScheduleTaint_FiltersUnlessTolerated()
    {
        var tainted = Node("tainted") with { Taints = [new Taint("edge.io/maintenance", "true", TaintEffect.NoSchedule)] };
        var engine = Engine(tainted, Node("plain"));
        engine.Cache.Assign("x", 0, "plain", new ResourceAmount(3900, 0));
        var web = Workload("web", cpu: 200);
        var tolerant = Workload("ops", cpu: 200) with { Tolerations = [new Toleration { Key = "edge.io/maintenance", Operator = TolerationOperator.Exists }] };

        var refused = engine.Place(web, 1).Replicas[0];
        var accepted = engine.Place(tolerant, 1).Replicas[0];

        Assert.Multiple(() =>
        {
            Assert.That(refused.Placed, Is.False);
            Assert.That(refused.Unplaced!.ToString(), Is.EqualTo("0/2 nodes fit: 1 insufficient cpu, 1 taint edge.io/maintenance"));
            Assert.That(accepted.Node, Is.EqualTo("tainted"));
        });
    }

    [Test]
    public void Place_NoExecuteTaint_Filters()
    {
        var engine = Engine(Node("a") with { Taints = [new Taint("k", "v", TaintEffect.NoExecute)] }, Node("b"));

        Assert.That(NodesOf(engine.Place(Workload("web"), 2)), Is.EqualTo(new[] { "b", "b" }));
    }

    [Test]
    public void Place_TolerationWithOtherValueOrEffect_DoesNotTolerate()
    {
        var taint = new Taint("k", "v", TaintEffect.NoSchedule);

        Assert.Multiple(() =>
        {
            Assert.That(new Toleration { Key = "k", Value = "w" }.Tolerates(taint), Is.False);
            Assert.That(new Toleration { Key = "k", Value = "v", Effect = TaintEffect.NoExecute }.Tolerates(taint), Is.False);
            Assert.That(new Toleration { Key = "k", Value = "v" }.Tolerates(taint), Is.True);
            Assert.That(new Toleration { Operator = TolerationOperator.Exists }.Tolerates(taint), Is.True);
        });
    }

    [Test]
    public void Place_PreferNoScheduleTaint_UsedOnlyWhenNothingElseFits()
    {
        var soft = Node("soft", cpu: 1000) with { Taints = [new Taint("edge.io/busy", "", TaintEffect.PreferNoSchedule)] };
        var engine = Engine(soft, Node("plain", cpu: 1000));

        var placement = engine.Place(Workload("web", cpu: 400), 4);

        Assert.That(NodesOf(placement), Is.EqualTo(new[] { "plain", "plain", "soft", "soft" }));
    }

    [Test]
    public void Place_CordonedNode_TakesNoNewReplicas()
    {
        var engine = Engine(Node("a") with { Cordoned = true }, Node("b"));

        var placement = engine.Place(Workload("web"), 2);

        Assert.That(NodesOf(placement), Is.EqualTo(new[] { "b", "b" }));
    }

    [Test]
    public void Place_DisconnectedNode_TakesNoNewReplicas()
    {
        var engine = Engine(Node("a") with { Condition = NodeCondition.Disconnected }, Node("b") with { Cordoned = true });

        var replica = engine.Place(Workload("web"), 1).Replicas[0];

        Assert.That(replica.Unplaced!.ToString(), Is.EqualTo("0/2 nodes fit: 1 node cordoned, 1 node not ready"));
    }

    [Test]
    public void Place_UncordonAfterCordon_NodeUsedAgain()
    {
        var engine = Engine(Node("a") with { Cordoned = true });
        var first = engine.Place(Workload("web"), 1);

        engine.Cache.UpsertNode(Node("a"));
        var second = engine.Place(Workload("web"), 1);

        Assert.Multiple(() =>
        {
            Assert.That(first.Replicas[0].Placed, Is.False);
            Assert.That(second.Replicas[0].Node, Is.EqualTo("a"));
        });
    }

    [Test]
    public void Place_ResourcesRunOut_NeverOverCapacityAndExplainsMemory()
    {
        var engine = Engine(Node("a", cpu: 4000, memoryGi: 1), Node("b", cpu: 4000, memoryGi: 1));

        var placement = engine.Place(Workload("web", cpu: 100, memoryMi: 400), 6);

        Assert.Multiple(() =>
        {
            Assert.That(placement.PlacedCount, Is.EqualTo(4));
            Assert.That(placement.Replicas[4].Unplaced!.ToString(), Is.EqualTo("0/2 nodes fit: 2 insufficient memory"));
            Assert.That(engine.Cache.Utilization().OverCapacityNodes, Is.Zero);
            Assert.That(placement.Replicas.Select(r => r.Ordinal), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
        });
    }

    [Test]
    public void Place_ExplanationCountsUseThousandsSeparators()
    {
        var nodes = Enumerable.Range(0, 1200).Select(i => Node($"n{i:0000}", memoryGi: 1)).ToArray();
        var engine = Engine(nodes);

        var replica = engine.Place(Workload("big", memoryMi: 2048), 1).Replicas[0];

        Assert.That(replica.Unplaced!.ToString(), Is.EqualTo("0/1200 nodes fit: 1,200 insufficient memory"));
    }

    [Test]
    public void Place_SelfAntiAffinityPerNode_OneReplicaPerNode()
    {
        var engine = Engine(Node("a"), Node("b"), Node("c"));
        var web = Workload("web") with { AntiAffinity = [new WorkloadAntiAffinityTerm(["web"], PlacementNode.HostnameLabel)] };

        var placement = engine.Place(web, 4);

        Assert.Multiple(() =>
        {
            Assert.That(placement.Replicas.Take(3).Select(r => r.Node), Is.EquivalentTo(new[] { "a", "b", "c" }));
            Assert.That(placement.Replicas[3].Unplaced!.ToString(), Is.EqualTo("0/3 nodes fit: 3 anti-affinity edge.io/hostname"));
        });
    }

    [Test]
    public void Place_AntiAffinityAgainstOtherWorkloadByZone_AvoidsItsZones()
    {
        var engine = Engine(Node("a1", labels: ("zone", "a")), Node("a2", labels: ("zone", "a")), Node("b1", labels: ("zone", "b")));
        engine.Cache.Assign("db", 0, "a1", new ResourceAmount(3000, 0));
        var web = Workload("web", cpu: 0, memoryMi: 0) with { AntiAffinity = [new WorkloadAntiAffinityTerm(["db"], "zone")] };

        var placement = engine.Place(web, 2);

        Assert.That(NodesOf(placement), Is.EqualTo(new[] { "b1", "b1" }));
    }

    [Test]
    public void Place_AntiAffinityNodeWithoutTopologyLabel_PassesAsNoDomain()
    {
        // kube-scheduler: a node without the term's topology key is in no domain, so nothing there conflicts.
        var engine = Engine(Node("a", cpu: 1000), Node("b", labels: ("zone", "z")));
        var web = Workload("web") with { AntiAffinity = [new WorkloadAntiAffinityTerm(["web"], "zone")] };

        var placement = engine.Place(web, 3);

        Assert.Multiple(() =>
        {
            Assert.That(placement.Replicas[0].Node, Is.EqualTo("b"));
            Assert.That(placement.Replicas[1].Node, Is.EqualTo("a"));
            Assert.That(placement.Replicas[2].Node, Is.EqualTo("a"));
        });
    }

    [Test]
    public void Place_HardSpreadMaxSkewOne_RoundRobinsZonesEvenAgainstBinpack()
    {
        var engine = Engine(Node("a1", labels: ("zone", "a")), Node("a2", labels: ("zone", "a")), Node("b1", labels: ("zone", "b")), Node("c1", labels: ("zone", "c")));
        var web = Workload("web") with
        {
            Scoring = ScoringStrategy.Binpack,
            TopologySpread = [new TopologySpreadConstraint("zone", 1, UnsatisfiableAction.DoNotSchedule)],
        };

        var placement = engine.Place(web, 6);
        var zones = placement.Replicas.Select(r => r.Node![0]).ToArray();

        Assert.That(zones.Chunk(3).Select(c => c.Order().ToArray()), Is.All.EqualTo(new[] { 'a', 'b', 'c' }));
    }

    [Test]
    public void Place_HardSpreadZoneFull_RefusesRatherThanSkew()
    {
        var engine = Engine(Node("a1", cpu: 1000, labels: ("zone", "a")), Node("b1", cpu: 200, labels: ("zone", "b")));
        var web = Workload("web", cpu: 200) with { TopologySpread = [new TopologySpreadConstraint("zone", 1, UnsatisfiableAction.DoNotSchedule)] };

        var placement = engine.Place(web, 4);

        Assert.Multiple(() =>
        {
            Assert.That(placement.PlacedCount, Is.EqualTo(3));
            Assert.That(placement.Replicas[3].Unplaced!.ToString(), Is.EqualTo("0/2 nodes fit: 1 insufficient cpu, 1 topology spread zone"));
        });
    }

    [Test]
    public void Place_HardSpreadNoNodeHasTheKey_UnplacedNamingTheLabel()
    {
        var engine = Engine(Node("a"), Node("b"));
        var web = Workload("web") with { TopologySpread = [new TopologySpreadConstraint("zone", 1, UnsatisfiableAction.DoNotSchedule)] };

        var replica = engine.Place(web, 1).Replicas[0];

        Assert.That(replica.Unplaced!.ToString(), Is.EqualTo("0/2 nodes fit: 2 no label zone"));
    }

    [Test]
    public void Place_HardSpreadMaxSkewTwo_AllowsTwoAhead()
    {
        var engine = Engine(Node("a1", cpu: 10_000, labels: ("zone", "a")), Node("b1", cpu: 1000, labels: ("zone", "b")));
        engine.Cache.Assign("x", 0, "b1", new ResourceAmount(1000, 0));
        var web = Workload("web", cpu: 100) with { TopologySpread = [new TopologySpreadConstraint("zone", 2, UnsatisfiableAction.DoNotSchedule)] };

        var placement = engine.Place(web, 3);

        Assert.That(NodesOf(placement), Is.EqualTo(new[] { "a1", "a1", "-" }));
    }

    [Test]
    public void Place_SoftSpread_PrefersEmptierZoneButStillPlacesWhenFull()
    {
        var engine = Engine(Node("a1", cpu: 1000, labels: ("zone", "a")), Node("b1", cpu: 200, labels: ("zone", "b")));
        var web = Workload("web", cpu: 200) with { TopologySpread = [new TopologySpreadConstraint("zone", 1, UnsatisfiableAction.ScheduleAnyway)] };

        var placement = engine.Place(web, 4);

        Assert.That(NodesOf(placement), Is.EqualTo(new[] { "a1", "b1", "a1", "a1" }));
    }

    [Test]
    public void Place_SoftSpread_ScoreCountsReplicasAboveLeastLoadedZone()
    {
        var engine = Engine(Node("a1", labels: ("zone", "a")), Node("b1", labels: ("zone", "b")));
        var web = Workload("web", cpu: 0, memoryMi: 0) with { TopologySpread = [new TopologySpreadConstraint("zone", 1, UnsatisfiableAction.ScheduleAnyway)] };

        var second = engine.Place(web, 2).Replicas[1];

        Assert.That(second.Score - second.RunnersUp[0].Score, Is.EqualTo(ScoringWeights.TopologySpread * ScoringWeights.Scale));
    }

    [Test]
    public void Place_Combined_SelectorTaintSpreadAntiAffinityAndResources()
    {
        var maintenance = new Taint("edge.io/maintenance", "true", TaintEffect.NoSchedule);
        var nodes = new List<PlacementNode>();
        foreach (var zone in new[] { "a", "b", "c" })
        {
            for (var i = 0; i < 4; i++)
            {
                var node = Node($"{zone}{i}", cpu: 1000, labels: [("zone", zone), ("arch", i == 3 ? "arm64" : "x64")]);
                nodes.Add(i == 2 && zone == "c" ? node with { Taints = [maintenance] } : node);
            }
        }

        var engine = Engine([.. nodes]);
        var web = Workload("web", cpu: 400) with
        {
            NodeSelector = Labels(("arch", "x64")),
            AntiAffinity = [new WorkloadAntiAffinityTerm(["web"], PlacementNode.HostnameLabel)],
            TopologySpread = [new TopologySpreadConstraint("zone", 1, UnsatisfiableAction.DoNotSchedule)],
        };

        var placement = engine.Place(web, 9);
        var placed = placement.Replicas.Where(r => r.Placed).ToList();

        Assert.Multiple(() =>
        {
            // x64 and untainted: a0-a2, b0-b2, c0-c1; room for two each, but anti-affinity allows one per node.
            Assert.That(placed, Has.Count.EqualTo(8));
            Assert.That(placed.Select(r => r.Node), Is.Unique);
            Assert.That(placed.GroupBy(r => r.Node![0]).Select(g => g.Count()), Is.EquivalentTo(new[] { 3, 3, 2 }));
            Assert.That(placement.Replicas[8].Unplaced!.ToString(), Is.EqualTo("0/12 nodes fit: 8 anti-affinity edge.io/hostname, 3 node selector, 1 taint edge.io/maintenance"));
        });
    }

    [Test]
    public void Place_OrdinalsFillGapsFirst()
    {
        var engine = Engine(Node("a"));
        engine.Cache.Assign("web", 0, "a", default);
        engine.Cache.Assign("web", 2, "a", default);

        var placement = engine.Place(Workload("web"), 2);

        Assert.That(placement.Replicas.Select(r => r.Ordinal), Is.EqualTo(new[] { 1, 3 }));
    }

    [Test]
    public void Place_AfterReplicaRemoved_NodeUsableAgain()
    {
        var engine = Engine(Node("a", cpu: 1000), Node("b", cpu: 1000));
        var web = Workload("web", cpu: 1000) with { AntiAffinity = [new WorkloadAntiAffinityTerm(["web"], PlacementNode.HostnameLabel)] };
        engine.Place(web, 2);

        engine.Cache.Unassign("web", 0);
        var again = engine.Place(web, 1).Replicas[0];

        Assert.That(again is { Ordinal: 0, Placed: true }, Is.True);
    }

    [Test]
    public void Place_NodeAddedLater_IsConsidered()
    {
        var engine = Engine(Node("a", cpu: 100));
        var web = Workload("web", cpu: 100);
        engine.Place(web, 1);

        engine.Cache.UpsertNode(Node("b", cpu: 100));
        var placement = engine.Place(web, 2);

        Assert.That(NodesOf(placement), Is.EqualTo(new[] { "b", "-" }));
    }

    [Test]
    public void Place_NodeRemoved_ReplicasUnassignedAndNodeNotUsed()
    {
        var engine = Engine(Node("a"), Node("b"));
        engine.Cache.Assign("web", 0, "a", new ResourceAmount(100, 0));

        var removed = engine.Cache.RemoveNode("a");
        var placement = engine.Place(Workload("web"), 1);

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.EqualTo(new[] { new ReplicaAssignment("web", 0, "a") }));
            Assert.That(placement.Replicas[0] is { Ordinal: 0, Node: "b" }, Is.True);
        });
    }

    [Test]
    public void Reconcile_GlobalMode_OneReplicaPerMatchingNodeOnce()
    {
        var engine = Engine(Node("a", labels: ("role", "pos")), Node("b", labels: ("role", "pos")), Node("c"), Node("d", cpu: 50, labels: ("role", "pos")));
        var agent = Workload("agent") with { Mode = PlacementMode.Global, NodeSelector = Labels(("role", "pos")) };

        var first = engine.Reconcile(agent);
        var second = engine.Reconcile(agent);

        Assert.Multiple(() =>
        {
            Assert.That(NodesOf(first), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(first.NodesLeftOut!.ToString(), Is.EqualTo("2/4 nodes fit: 1 insufficient cpu, 1 node selector"));
            Assert.That(second.Replicas, Is.Empty);
        });
    }

    [Test]
    public void Reconcile_Replicated_PlacesOnlyWhatIsMissing()
    {
        var engine = Engine(Node("a"));
        var web = Workload("web", replicas: 3);
        engine.Place(web, 1);

        var placement = engine.Reconcile(web);

        Assert.That(placement.Replicas.Select(r => r.Ordinal), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void ReconcileAll_HigherPriorityFirst_GetsTheLastRoom()
    {
        var engine = Engine(Node("a", cpu: 1000));
        var low = Workload("a-low", cpu: 1000) with { Priority = 0 };
        var high = Workload("z-high", cpu: 1000) with { Priority = 10 };

        var results = engine.ReconcileAll([low, high]);

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Workload), Is.EqualTo(new[] { "z-high", "a-low" }));
            Assert.That(results[0].PlacedCount, Is.EqualTo(1));
            Assert.That(results[1].PlacedCount, Is.Zero);
        });
    }

    [Test]
    public void Surplus_ScaledDown_NewestOrdinalsFirst()
    {
        var engine = Engine(Node("a"));
        engine.Place(Workload("web"), 4);

        var surplus = engine.Surplus(Workload("web", replicas: 2));

        Assert.That(surplus.Select(r => r.Ordinal), Is.EqualTo(new[] { 3, 2 }));
    }

    [Test]
    public void Utilization_ReportsPerNodeAndFleet()
    {
        var engine = Engine(Node("a", cpu: 1000, memoryGi: 1), Node("b", cpu: 1000, memoryGi: 1));
        engine.Cache.Assign("w", 0, "a", new ResourceAmount(500, Gi / 4));

        var report = engine.Cache.Utilization();

        Assert.Multiple(() =>
        {
            Assert.That(report.Nodes[0].CpuFraction, Is.EqualTo(0.5));
            Assert.That(report.CpuFraction, Is.EqualTo(0.25));
            Assert.That(report.MemoryFraction, Is.EqualTo(0.125));
        });
    }
}
