using Edge.Scheduling;
using Microsoft.Extensions.Time.Testing;
using static Edge.Scheduling.Tests.Fleet;

namespace Edge.Scheduling.Tests;

public sealed class NodeLifecycleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public void Plan_DisconnectedThenLostAfterThenReturn_ReplacesOnceAndEndsSurplus()
    {
        // Arrange: two replicas on a and b; lostAfter 5 min.
        var time = new FakeTimeProvider(Start);
        var engine = Engine(Node("a"), Node("b"), Node("c"));
        var web = Workload("web", replicas: 2) with { LostAfter = TimeSpan.FromMinutes(5), AntiAffinity = [new WorkloadAntiAffinityTerm(["web"], PlacementNode.HostnameLabel)] };
        engine.Reconcile(web);
        Assert.That(engine.Cache.AssignmentsOf("web").Select(a => a.Node), Is.EqualTo(new[] { "a", "b" }));

        // b stops heartbeating at 08:01.
        time.Advance(TimeSpan.FromMinutes(1));
        engine.Cache.UpsertNode(engine.Cache.GetNode("b")! with { Condition = NodeCondition.Disconnected, ConditionSince = time.GetUtcNow() });

        // 08:05:59 — still within lostAfter: nothing placed, replica waits.
        time.Advance(TimeSpan.FromSeconds(299));
        var waiting = Plan(engine, web, time);
        Assert.Multiple(() =>
        {
            Assert.That(waiting.ToPlace, Is.Zero);
            Assert.That(waiting.Replicas[1].State, Is.EqualTo(ReplicaState.Waiting));
            Assert.That(waiting.NextCheckAt, Is.EqualTo(Start + TimeSpan.FromMinutes(6)));
        });

        // 08:06 — lostAfter reached: one replacement, which goes to c (not to b, not Ready).
        time.Advance(TimeSpan.FromSeconds(1));
        var lost = Plan(engine, web, time);
        Assert.That(lost.ToPlace, Is.EqualTo(1));
        var replacement = engine.Place(web, lost.ToPlace);
        Assert.That(replacement.Replicas.Single() is { Ordinal: 2, Node: "c" }, Is.True);
        Assert.That(Plan(engine, web, time).ToPlace, Is.Zero, "a lost replica is replaced once");

        // 08:20 — b returns: three copies run, the newest (the replacement) ends in the same reconcile.
        time.Advance(TimeSpan.FromMinutes(14));
        engine.Cache.UpsertNode(engine.Cache.GetNode("b")! with { Condition = NodeCondition.Ready, ConditionSince = time.GetUtcNow() });
        var returned = Plan(engine, web, time);
        Assert.Multiple(() =>
        {
            Assert.That(returned.ToPlace, Is.Zero);
            Assert.That(returned.ToEnd.Select(e => e.Replica), Is.EqualTo(new[] { new ReplicaAssignment("web", 2, "c") }));
            Assert.That(returned.ToEnd[0].Reason, Is.EqualTo("3 running, 2 wanted"));
        });
    }

    [Test]
    public void Plan_UntoleratedNoExecuteTaint_EvictsAndReplaces()
    {
        var taint = new Taint("edge.io/evict", "now", TaintEffect.NoExecute);
        var nodes = new Dictionary<string, PlacementNode> { ["a"] = Node("a") with { Taints = [taint] }, ["b"] = Node("b") };
        var replicas = new List<ReplicaAssignment> { new("web", 0, "a"), new("web", 1, "b") };
        var tolerant = Workload("ops", replicas: 2) with { Tolerations = [new Toleration { Key = "edge.io/evict", Operator = TolerationOperator.Exists }] };

        var plan = NodeLifecycle.Plan(Workload("web", replicas: 2), replicas, nodes, Start);
        var tolerated = NodeLifecycle.Plan(tolerant, [new("ops", 0, "a"), new("ops", 1, "b")], nodes, Start);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Replicas[0].State, Is.EqualTo(ReplicaState.Evicted));
            Assert.That(plan.ToEnd, Is.EqualTo(new[] { (new ReplicaAssignment("web", 0, "a"), "taint edge.io/evict=now:NoExecute") }));
            Assert.That(plan.ToPlace, Is.EqualTo(1));
            Assert.That(tolerated.ToEnd, Is.Empty);
            Assert.That(tolerated.ToPlace, Is.Zero);
        });
    }

    [Test]
    public void Plan_NodeGone_ReplicaLostAtOnce()
    {
        var nodes = new Dictionary<string, PlacementNode> { ["a"] = Node("a") };

        var plan = NodeLifecycle.Plan(Workload("web", replicas: 2), [new("web", 0, "a"), new("web", 1, "gone")], nodes, Start);

        Assert.Multiple(() =>
        {
            Assert.That(plan.ToPlace, Is.EqualTo(1));
            Assert.That(plan.Replicas[1].State, Is.EqualTo(ReplicaState.Lost));
        });
    }

    [Test]
    public void Plan_LostReplicaWhileStillDisconnected_NotEnded()
    {
        var nodes = new Dictionary<string, PlacementNode>
        {
            ["a"] = Node("a") with { Condition = NodeCondition.Disconnected, ConditionSince = Start },
            ["b"] = Node("b"),
        };

        var plan = NodeLifecycle.Plan(Workload("web", replicas: 1), [new("web", 0, "a"), new("web", 1, "b")], nodes, Start + TimeSpan.FromHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(plan.ToPlace, Is.Zero);
            Assert.That(plan.ToEnd, Is.Empty);
        });
    }

    [Test]
    public void PlanDrain_MaxUnavailableTwo_WavesOfAtMostTwoPerWorkload()
    {
        var assignments = Enumerable.Range(0, 5).Select(i => new ReplicaAssignment("web", i, "n1"))
            .Append(new ReplicaAssignment("db", 0, "n1"))
            .Append(new ReplicaAssignment("db", 1, "n2"))
            .ToList();
        var workloads = new Dictionary<string, PlacementWorkload>
        {
            ["web"] = Workload("web", replicas: 5) with { MaxUnavailable = 2 },
            ["db"] = Workload("db", replicas: 2),
        };
        var nodes = new Dictionary<string, PlacementNode> { ["n1"] = Node("n1") with { Cordoned = true }, ["n2"] = Node("n2") };

        var plan = NodeLifecycle.PlanDrain("n1", assignments, workloads, nodes);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Waves.Select(w => w.Count(a => a.Workload == "web")), Is.EqualTo(new[] { 2, 2, 1 }));
            Assert.That(plan.Waves.Select(w => w.Count(a => a.Workload == "db")), Is.EqualTo(new[] { 1, 0, 0 }));
            Assert.That(plan.ReplicaCount, Is.EqualTo(6));
            Assert.That(plan.Waves.SelectMany(w => w).Select(a => a.Node), Is.All.EqualTo("n1"));
        });
    }

    [Test]
    public void PlanDrain_ReplicaAlreadyDownElsewhere_BudgetShrinks()
    {
        var assignments = new List<ReplicaAssignment> { new("web", 0, "n1"), new("web", 1, "n1"), new("web", 2, "n1"), new("web", 3, "down") };
        var workloads = new Dictionary<string, PlacementWorkload> { ["web"] = Workload("web", replicas: 4) with { MaxUnavailable = 2 } };
        var nodes = new Dictionary<string, PlacementNode> { ["n1"] = Node("n1"), ["down"] = Node("down") with { Condition = NodeCondition.Disconnected } };

        var plan = NodeLifecycle.PlanDrain("n1", assignments, workloads, nodes);

        Assert.That(plan.Waves.Select(w => w.Count), Is.EqualTo(new[] { 1, 1, 1 }));
    }

    [Test]
    public void PlanDrain_WithEngine_ReplacementsAvoidCordonedNode()
    {
        var engine = Engine(Node("n1"), Node("n2"), Node("n3"));
        var web = Workload("web", replicas: 3) with { Scoring = ScoringStrategy.Binpack, MaxUnavailable = 2 };
        engine.Reconcile(web);
        engine.Cache.UpsertNode(engine.Cache.GetNode("n1")! with { Cordoned = true });
        var nodes = engine.Cache.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);

        var plan = NodeLifecycle.PlanDrain("n1", engine.Cache.AssignmentsOf("web"), new Dictionary<string, PlacementWorkload> { ["web"] = web }, nodes);
        var moved = new List<string>();
        foreach (var wave in plan.Waves)
        {
            moved.AddRange(engine.Place(web, wave.Count).Replicas.Select(r => r.Node!));
            foreach (var replica in wave)
            {
                engine.Cache.Unassign(replica.Workload, replica.Ordinal);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(plan.Waves.Select(w => w.Count), Is.EqualTo(new[] { 2, 1 }));
            Assert.That(moved, Is.All.EqualTo("n2"));
            Assert.That(engine.Cache.AssignmentsOn("n1"), Is.Empty);
            Assert.That(engine.Cache.ReplicaCount("web"), Is.EqualTo(3));
        });
    }

    private static LifecyclePlan Plan(PlacementEngine engine, PlacementWorkload workload, FakeTimeProvider time) =>
        NodeLifecycle.Plan(workload, engine.Cache.AssignmentsOf(workload.Name), engine.Cache.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal), time.GetUtcNow());
}
