using Edge.Scheduling.Autoscaling;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Scheduling.Tests.Autoscaling;

/// <summary>
/// Cluster Autoscaler behaviour (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md);
/// each expectation is worked out from those rules in the comment beside it.
/// </summary>
public sealed class NodeAutoscalerTests
{
    private const long Gi = 1L << 30;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PlacementWorkload OneCore = Fleet.Workload("api", cpu: 1000, memoryMi: 1024);

    [Test]
    public void ScaleUp_LeastWaste_PicksTheGroupLeavingLeastIdle()
    {
        // 3 × (1000m, 1Gi). small (2000m, 4Gi): 2 nodes, waste (4000−3000)/4000 + (8−3)/8 = 0.25 + 0.625 = 0.875.
        // large (8000m, 16Gi): 1 node, waste 5000/8000 + 13/16 = 0.625 + 0.8125 = 1.4375 → small, 2 nodes.
        var d = Decide(Input(Pending(OneCore, 3), Group("small", 2000, 4), Group("large", 8000, 16)));

        Assert.That(d.ScaleUps, Has.Count.EqualTo(1));
        Assert.That(d.ScaleUps[0], Has.Property("Group").EqualTo("small").And.Property("Nodes").EqualTo(2).And.Property("Replicas").EqualTo(3));
        Assert.That(d.ScaleUps[0].Reason, Does.Contain("least-waste kept 1 of 2"));
    }

    [Test]
    public void ScaleUp_MostPods_PicksTheGroupPlacingMost()
    {
        // small has room for 1 node → 2 replicas; large 1 node → 3 replicas. most-pods → large; least-waste would
        // pick small (1 node: 0/2000 + 2/4 = 0.5 < 1.4375).
        var groups = new[] { Group("small", 2000, 4, max: 1), Group("large", 8000, 16) };

        Assert.That(Decide(Input(Pending(OneCore, 3), groups), Expander.MostPods).ScaleUps[0].Group, Is.EqualTo("large"));
        Assert.That(Decide(Input(Pending(OneCore, 3), groups), Expander.LeastWaste).ScaleUps[0].Group, Is.EqualTo("small"));
    }

    [Test]
    public void ScaleUp_PriorityThenLeastWaste_ChainBreaksTies()
    {
        // priority keeps large and huge (10 > 0); least-waste between them: large 1.4375, huge (16000m, 32Gi)
        // 13000/16000 + 29/32 = 0.8125 + 0.90625 = 1.71875 → large.
        var groups = new[] { Group("small", 2000, 4), Group("large", 8000, 16, priority: 10), Group("huge", 16000, 32, priority: 10) };

        var d = Decide(Input(Pending(OneCore, 3), groups), Expander.Priority, Expander.LeastWaste);

        Assert.That(d.ScaleUps[0].Group, Is.EqualTo("large"));
        Assert.That(d.ScaleUps[0].Reason, Does.Contain("priority kept 2 of 3").And.Contain("least-waste kept 1 of 2"));
    }

    [Test]
    public void ScaleUp_Price_PicksCheapestPerReplica()
    {
        // small: 2 nodes × 1.0 / 3 replicas = 0.667; large: 1 × 1.5 / 3 = 0.5 → large.
        var groups = new[] { Group("small", 2000, 4) with { Cost = 1.0 }, Group("large", 8000, 16) with { Cost = 1.5 } };

        Assert.That(Decide(Input(Pending(OneCore, 3), groups), Expander.Price).ScaleUps[0].Group, Is.EqualTo("large"));
    }

    [Test]
    public void ScaleUp_LeastNodes_PicksTheGroupAddingFewestNodes()
    {
        // 3 × (1000m, 1Gi): small (2000m, 4Gi) needs 2 nodes, large (8000m, 16Gi) 1 → least-nodes: large,
        // where least-waste picks small (0.875 < 1.4375, as above).
        var groups = new[] { Group("small", 2000, 4), Group("large", 8000, 16) };

        var d = Decide(Input(Pending(OneCore, 3), groups), Expander.LeastNodes);

        Assert.Multiple(() =>
        {
            Assert.That(d.ScaleUps[0], Has.Property("Group").EqualTo("large").And.Property("Nodes").EqualTo(1));
            Assert.That(d.ScaleUps[0].Reason, Does.Contain("least-nodes kept 1 of 2"));
            Assert.That(Decide(Input(Pending(OneCore, 3), groups), Expander.LeastWaste).ScaleUps[0].Group, Is.EqualTo("small"));
        });
    }

    [Test]
    public void ScaleUp_LeastNodesTieThenLeastWaste_ChainBreaksTheTie()
    {
        // Both need 1 node for 3 replicas; least-waste between them: large 1.4375, huge 1.71875 → large.
        var groups = new[] { Group("huge", 16000, 32), Group("large", 8000, 16), Group("small", 2000, 4) };

        var d = Decide(Input(Pending(OneCore, 3), groups), Expander.LeastNodes, Expander.LeastWaste);

        Assert.That(d.ScaleUps[0].Group, Is.EqualTo("large"));
        Assert.That(d.ScaleUps[0].Reason, Does.Contain("least-nodes kept 2 of 3").And.Contain("least-waste kept 1 of 2"));
    }

    [Test]
    public void ScaleUp_Random_SeededChoiceAmongOptions()
    {
        var groups = new[] { Group("small", 2000, 4), Group("large", 8000, 16) };
        var chosen = Enumerable.Range(0, 40)
            .Select(seed => Decide(Input(Pending(OneCore, 3), groups), new Random(seed), Expander.Random).ScaleUps[0].Group)
            .ToList();

        Assert.That(chosen.Distinct(), Is.EquivalentTo(new[] { "small", "large" }), "40 seeds reach both options");
        Assert.That(Decide(Input(Pending(OneCore, 3), groups), new Random(7), Expander.Random).ScaleUps[0].Group, Is.EqualTo(chosen[7]), "same seed, same choice");
    }

    [Test]
    public void ScaleUp_TemplateFailsPlacementFilters_GroupNotUsed()
    {
        // The gpu group's template carries a NoSchedule taint the workload does not tolerate: placement's taint filter removes it.
        var gpu = Group("gpu", 8000, 16) with { Template = Group("gpu", 8000, 16).Template with { Taints = [new Taint("gpu", "", TaintEffect.NoSchedule)] } };

        var d = Decide(Input(Pending(OneCore, 1), gpu));

        Assert.That(d.ScaleUps, Is.Empty);
        Assert.That(d.Notes, Has.Some.Contains("no node group can help").And.Some.Contains("taint gpu"));
    }

    [Test]
    public void ScaleUp_ReplicaLargerThanTemplate_NotUsed()
    {
        var big = Fleet.Workload("big", cpu: 4000, memoryMi: 1024);

        var d = Decide(Input(Pending(big, 1), Group("small", 2000, 4)));

        Assert.That(d.Notes, Has.Some.Contains("insufficient cpu on the template"));
    }

    [Test]
    public void ScaleUp_GroupAtMaxSize_NotUsed()
    {
        var cache = Cache(("small-1", "small", 2000, 4));

        var d = Decide(Input(Pending(OneCore, 1), Group("small", 2000, 4, max: 1)) with { Cache = cache });

        Assert.That(d.ScaleUps, Is.Empty);
        Assert.That(d.Notes, Has.Some.Contains("at its maximum size 1"));
    }

    [Test]
    public void ScaleUp_NodesAlreadyRequested_TakeThePendingReplicasFirst()
    {
        // 2 small nodes requested hold 2 × 2 = 4 replicas of 1000m ≥ 3 pending → no new request.
        var state = NodeAutoscalerState.Empty with { Upcoming = [new UpcomingNode("small", T0), new UpcomingNode("small", T0)] };

        var d = Decide(Input(Pending(OneCore, 3), Group("small", 2000, 4)), state: state, now: T0.AddMinutes(1));

        Assert.That(d.ScaleUps, Is.Empty);
        Assert.That(d.Notes, Has.Some.Contains("wait for 2 node(s) already requested"));
    }

    [Test]
    public void Backoff_DoublesPerFailureUpToTheMaximum()
    {
        var options = new NodeAutoscalerOptions();

        // 5 min × 2^(n−1): 5, 10, 20, then 40 capped at 30.
        Assert.That(new[] { 1, 2, 3, 4 }.Select(options.BackoffAfter), Is.EqualTo(new[] { 5, 10, 20, 30 }.Select(m => TimeSpan.FromMinutes(m))));
    }

    [Test]
    public void ScaleUp_GroupInBackoff_SkippedUntilItEnds()
    {
        var time = new FakeTimeProvider(T0);
        var options = new NodeAutoscalerOptions();
        var groups = new[] { Group("small", 2000, 4), Group("large", 8000, 16) };

        // small failed twice in a row at t0 → backoff 10 min; least-waste would pick small, so large is chosen instead.
        var state = NodeAutoscalerState.Empty.ScaleUpFailed("small", "quota", time.GetUtcNow(), options).ScaleUpFailed("small", "quota", time.GetUtcNow(), options);
        time.Advance(TimeSpan.FromMinutes(9));
        var d = Decide(Input(Pending(OneCore, 3), groups), state: state, now: time.GetUtcNow());
        Assert.That(d.ScaleUps[0].Group, Is.EqualTo("large"));
        Assert.That(d.ScaleUps[0].Reason, Does.Contain("small: backed off").And.Contain("2 failure(s)"));

        // t0+10 min: the backoff is over → small again.
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.That(Decide(Input(Pending(OneCore, 3), groups), state: state, now: time.GetUtcNow()).ScaleUps[0].Group, Is.EqualTo("small"));
    }

    [Test]
    public void ScaleUp_NodeNotRegisteredInProvisionTime_FailsAndBacksOff()
    {
        // Requested at t0; max-node-provision-time 15 min → at t0+15 min the request fails, small backs off 5 min.
        var state = NodeAutoscalerState.Empty with { Upcoming = [new UpcomingNode("small", T0)] };

        var d = Decide(Input(Pending(OneCore, 1), Group("small", 2000, 4)), state: state, now: T0.AddMinutes(15));

        Assert.That(d.State.Backoff["small"], Has.Property("Failures").EqualTo(1).And.Property("Until").EqualTo(T0.AddMinutes(20)));
        Assert.That(d.State.Upcoming, Is.Empty);
        Assert.That(d.ScaleUps, Is.Empty);
    }

    [Test]
    public void NodeRegistered_ClearsBackoffAndOneRequest()
    {
        var options = new NodeAutoscalerOptions();
        var state = NodeAutoscalerState.Empty.ScaleUpFailed("small", "x", T0, options) with { Upcoming = [new UpcomingNode("small", T0), new UpcomingNode("small", T0)] };

        var next = state.NodeRegistered("small");

        Assert.That(next.Backoff, Is.Empty);
        Assert.That(next.Upcoming, Has.Count.EqualTo(1));
    }

    [TestCase(5, 10, true)]
    [TestCase(4, 10, false)]
    [TestCase(3, 4, false)]
    public void Decide_UnreadyNodes_NothingWhenMoreThan45PercentAndMoreThan3(int unready, int total, bool frozen)
    {
        // 5/10 = 50% > 45% and 5 > 3 → frozen; 4/10 = 40% → not; 3/4 = 75% but 3 ≤ ok-total-unready-count 3 → not.
        var cache = new ClusterCache();
        for (var i = 0; i < total; i++)
        {
            cache.UpsertNode(NodeOf($"n{i}", "small", 2000, 4) with { Condition = i < unready ? NodeCondition.Disconnected : NodeCondition.Ready });
        }

        var d = Decide(Input(Pending(OneCore, 1), Group("small", 2000, 4, max: 100)) with { Cache = cache });

        Assert.That(d.ScaleUps, frozen ? Is.Empty : Is.Not.Empty);
        Assert.That(d.Notes.Any(n => n.Contains("fleet unhealthy", StringComparison.Ordinal)), Is.EqualTo(frozen));
    }

    [Test]
    public void ScaleDown_BelowThresholdForTheUnneededTime_RemovedEmptyAndOneDrain()
    {
        // n1: 2000m of 4000m = 0.5, not below 0.5 → kept. n2: 1000/4000 = 0.25, its replica fits on n1 (2000 + 1000 ≤ 4000).
        // n3: empty. At t0 both become unneeded; at t0+10 min (= scale-down-unneeded-time) both go.
        var (cache, workloads) = Busy();
        var input = Input([], Group("g", 4000, 8, max: 10)) with { Cache = cache, Workloads = workloads };

        var first = Decide(input, now: T0);
        Assert.That(first.Removals, Is.Empty);
        Assert.That(Verdict(first, "n1"), Does.Contain("utilization 0.5 is not below the threshold 0.5"));
        Assert.That(Verdict(first, "n2"), Does.Contain("unneeded for 0 of 10 min"));

        var early = Decide(input, state: first.State, now: T0.AddMinutes(9.9));
        Assert.That(early.Removals, Is.Empty);

        var due = Decide(input, state: first.State, now: T0.AddMinutes(10));
        Assert.That(due.Removals.Select(r => r.Node), Is.EquivalentTo(new[] { "n2", "n3" }));
        Assert.That(Verdict(due, "n2"), Does.Contain("api#2→n1"));
    }

    [Test]
    public void ScaleDown_ReplicaFitsNowhereElse_NodeKeptWithReason()
    {
        // n2 runs a 3000m replica (3000/8000 = 0.375 < 0.5), but n1 has 6000m of 8000m used: 6000 + 3000 > 8000.
        var cache = Cache(("n1", "g", 8000, 16), ("n2", "g", 8000, 16));
        var big = Fleet.Workload("big", cpu: 3000, memoryMi: 1024);
        var small = Fleet.Workload("small", cpu: 6000, memoryMi: 1024);
        cache.Assign("small", 0, "n1", small.Requests);
        cache.Assign("big", 0, "n2", big.Requests);
        var input = Input([], Group("g", 8000, 16)) with { Cache = cache, Workloads = Specs(big, small) };

        var d = Decide(input, state: NodeAutoscalerState.Empty with { UnneededSince = new Dictionary<string, DateTimeOffset> { ["n2"] = T0 } }, now: T0.AddHours(1));

        Assert.That(d.Removals, Is.Empty);
        Assert.That(Verdict(d, "n2"), Does.Contain("replica big#0 fits on no other node"));
        Assert.That(d.State.UnneededSince, Does.Not.ContainKey("n2"), "the unneeded clock restarts");
    }

    [Test]
    public void ScaleDown_EmptyNodes_RemovedInBatchesOfMaxEmptyBulkDelete()
    {
        // 15 empty nodes unneeded since t0, min size 0: 10 per pass (max-empty-bulk-delete), 5 kept saying so.
        var cache = Cache([.. Enumerable.Range(0, 15).Select(i => ($"e{i:00}", "g", 4000L, 8L))]);
        var since = Enumerable.Range(0, 15).ToDictionary(i => $"e{i:00}", _ => T0);

        var d = Decide(Input([], Group("g", 4000, 8, max: 20)) with { Cache = cache }, state: NodeAutoscalerState.Empty with { UnneededSince = since }, now: T0.AddMinutes(10));

        Assert.That(d.Removals.Count(), Is.EqualTo(10));
        Assert.That(d.Nodes.Count(n => !n.Remove && n.Reason.Contains("max-empty-bulk-delete", StringComparison.Ordinal)), Is.EqualTo(5));
    }

    [Test]
    public void ScaleDown_GroupAtMinSize_KeepsTheRest()
    {
        // 3 empty nodes, min size 2 → one removal, then the group is at 2.
        var cache = Cache(("a", "g", 4000, 8), ("b", "g", 4000, 8), ("c", "g", 4000, 8));
        var since = new Dictionary<string, DateTimeOffset> { ["a"] = T0, ["b"] = T0, ["c"] = T0 };

        var d = Decide(Input([], Group("g", 4000, 8, min: 2)) with { Cache = cache }, state: NodeAutoscalerState.Empty with { UnneededSince = since }, now: T0.AddMinutes(10));

        Assert.That(d.Removals.Select(r => r.Node), Is.EqualTo(new[] { "a" }));
        Assert.That(Verdict(d, "c"), Does.Contain("at its minimum size 2"));
    }

    [Test]
    public void ScaleDown_RecentScaleUp_CoolDown()
    {
        // Scale-up at t0+5 min; delay-after-add 10 min → at t0+10 min no scale-down.
        var cache = Cache(("a", "g", 4000, 8));
        var state = NodeAutoscalerState.Empty with { LastScaleUp = T0.AddMinutes(5), UnneededSince = new Dictionary<string, DateTimeOffset> { ["a"] = T0 } };

        var d = Decide(Input([], Group("g", 4000, 8)) with { Cache = cache }, state: state, now: T0.AddMinutes(10));

        Assert.That(d.Removals, Is.Empty);
        Assert.That(d.Notes, Has.Some.Contains("cool-down"));
    }

    [Test]
    public void ScaleDown_NodeOutsideGroupsOrLabelledDisabled_NeverRemoved()
    {
        var cache = new ClusterCache();
        cache.UpsertNode(Fleet.Node("loose", 4000, 8));
        cache.UpsertNode(NodeOf("pinned", "g", 4000, 8) with { Labels = new Dictionary<string, string> { [NodeGroup.Label] = "g", ["edge.io/scale-down-disabled"] = "true" } });

        var d = Decide(Input([], Group("g", 4000, 8)) with { Cache = cache }, now: T0);

        Assert.That(Verdict(d, "loose"), Is.EqualTo("not in any node group"));
        Assert.That(Verdict(d, "pinned"), Does.Contain("scale-down disabled"));
    }

    private static string Verdict(NodeAutoscalerDecision d, string node) => d.Nodes.Single(n => n.Node == node).Reason;

    private static (ClusterCache Cache, Dictionary<string, PlacementWorkload> Workloads) Busy()
    {
        var cache = Cache(("n1", "g", 4000, 8), ("n2", "g", 4000, 8), ("n3", "g", 4000, 8));
        cache.Assign("api", 0, "n1", OneCore.Requests);
        cache.Assign("api", 1, "n1", OneCore.Requests);
        cache.Assign("api", 2, "n2", OneCore.Requests);
        return (cache, Specs(OneCore));
    }

    private static Dictionary<string, PlacementWorkload> Specs(params PlacementWorkload[] workloads) =>
        workloads.ToDictionary(w => w.Name, StringComparer.Ordinal);

    private static NodeAutoscalerDecision Decide(NodeAutoscalerInput input, params Expander[] expanders) =>
        Decide(input, new Random(1), expanders);

    private static NodeAutoscalerDecision Decide(NodeAutoscalerInput input, Random random, params Expander[] expanders) =>
        NodeAutoscaler.Decide(input, NodeAutoscalerState.Empty, Options(expanders), T0, random);

    private static NodeAutoscalerDecision Decide(NodeAutoscalerInput input, NodeAutoscalerState? state = null, DateTimeOffset? now = null) =>
        NodeAutoscaler.Decide(input, state ?? NodeAutoscalerState.Empty, Options([]), now ?? T0, new Random(1));

    private static NodeAutoscalerOptions Options(Expander[] expanders) =>
        expanders.Length == 0 ? new NodeAutoscalerOptions() : new NodeAutoscalerOptions { Expanders = expanders };

    private static NodeAutoscalerInput Input(PendingReplicas[] pending, params NodeGroup[] groups) =>
        new() { Cache = new ClusterCache(), Groups = groups, Pending = pending };

    private static PendingReplicas[] Pending(PlacementWorkload workload, int count) => [new PendingReplicas(workload, count)];

    private static NodeGroup Group(string name, long cpu, long memoryGi, int min = 0, int max = 10, int priority = 0) => new()
    {
        Name = name,
        MinSize = min,
        MaxSize = max,
        Priority = priority,
        Template = new PlacementNode { Name = "template", Allocatable = new ResourceAmount(cpu, memoryGi * Gi) },
    };

    private static PlacementNode NodeOf(string name, string group, long cpu, long memoryGi) => new()
    {
        Name = name,
        Labels = new Dictionary<string, string> { [NodeGroup.Label] = group },
        Allocatable = new ResourceAmount(cpu, memoryGi * Gi),
    };

    private static ClusterCache Cache(params (string Name, string Group, long Cpu, long MemoryGi)[] nodes)
    {
        var cache = new ClusterCache();
        foreach (var n in nodes)
        {
            cache.UpsertNode(NodeOf(n.Name, n.Group, n.Cpu, n.MemoryGi));
        }

        return cache;
    }
}
