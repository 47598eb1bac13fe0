using Edge.Controller.Fleet;
using Edge.Scheduling;

namespace Edge.Controller.Tests;

/// <summary>Node lifecycle through FleetState: Disconnected → lostAfter → return, restarts, drain.</summary>
public sealed class FleetStateLifecycleTests
{
    private static readonly TimeSpan LostAfter = TimeSpan.FromMinutes(1);
    private FleetHarness _h = null!;
    private Dictionary<string, NodeSession> _sessions = null!;

    [SetUp]
    public void SetUp()
    {
        _h = new FleetHarness();
        _sessions = new[] { "n1", "n2", "n3" }.ToDictionary(n => n, n => _h.Connect(n, Records.Facts()));
    }

    [Test]
    public void DisconnectedNode_ReplicasWaitUntilLostAfter_ThenReplaced_ThenSurplusEndedOnReturn()
    {
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 2));
        var before = _h.Store.StoredAssignments;
        var gone = before["web/0"];
        var spare = new[] { "n1", "n2", "n3" }.Except(before.Values).Single();

        // The node's heartbeats stop; the others keep theirs.
        Advance(FleetHarness.Grace + TimeSpan.FromSeconds(1), except: gone);
        Assert.That(_h.Fleet.CheckLeases(), Is.EqualTo(1));
        var disconnectedAt = _h.Time.GetUtcNow();

        Advance(LostAfter - TimeSpan.FromSeconds(2), except: gone);
        _h.Fleet.RunLifecycle();
        var waiting = _h.Store.StoredAssignments;
        var explained = _h.Fleet.ExplainWorkload("web").Replicas.Single(r => r.Node == gone);

        Advance(TimeSpan.FromSeconds(3), except: gone);
        _h.Fleet.RunLifecycle();
        var replaced = _h.Store.StoredAssignments;

        // The node comes back: its copy never stopped (node autonomy), so the replacement ends at once.
        _h.Connect(gone, Records.Facts(), 0, Records.Observed("web", ObservedPhase.Running, Records.Digest('a')));
        var back = _h.Store.StoredAssignments;

        Assert.Multiple(() =>
        {
            Assert.That(waiting, Is.EqualTo(before), "not replaced within lostAfter");
            Assert.That(explained.State, Is.EqualTo("Waiting"));
            Assert.That(explained.LostAt, Is.EqualTo(disconnectedAt + LostAfter));
            Assert.That(replaced, Has.Count.EqualTo(3), "the lost replica stays assigned beside its replacement");
            Assert.That(replaced.Where(kv => !before.ContainsKey(kv.Key)).Select(kv => kv.Value), Is.EqualTo(new[] { spare }));
            Assert.That(back, Is.EqualTo(before), "the returned copy keeps running, the replacement is ended in the same reconcile");
        });
    }

    [Test]
    public void Restart_NodesDisconnectedUntilHello_NotTreatedAsLoss()
    {
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 2));
        var before = _h.Store.StoredAssignments;

        // The controller was down long past lostAfter; every node is Disconnected until its hello.
        _h.Time.Advance(LostAfter * 10);
        _h.Restart();
        var spare = new[] { "n1", "n2", "n3" }.Except(before.Values).Single();
        _h.Connect(spare, Records.Facts());
        _h.Time.Advance(LostAfter - TimeSpan.FromSeconds(1));
        _h.Fleet.RunLifecycle();

        Assert.That(_h.Store.StoredAssignments, Is.EqualTo(before));
    }

    [Test]
    public void Restart_NoHelloWithinLostAfterOfStart_Replaced()
    {
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        var gone = _h.Store.StoredAssignments["web/0"];

        _h.Restart();
        var other = new[] { "n1", "n2", "n3" }.First(n => n != gone);
        _h.Connect(other, Records.Facts());
        _h.Time.Advance(LostAfter + TimeSpan.FromSeconds(1));
        _h.Fleet.RunLifecycle();

        Assert.That(_h.Store.StoredAssignments["web/1"], Is.EqualTo(other));
    }

    [Test]
    public void DrainNode_WaitsWhileAnotherReplicaIsUnavailable_ThenMovesWithinMaxUnavailable()
    {
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 2));
        var assigned = _h.Store.StoredAssignments;
        var drained = assigned["web/0"];
        var other = assigned["web/1"];
        var spare = new[] { "n1", "n2", "n3" }.Except(assigned.Values).Single();
        Report(drained, running: true);
        Report(other, running: false); // still starting: one replica unavailable already

        _h.Fleet.DrainNode(drained);
        var whileUnavailable = _h.Store.StoredAssignments;
        Report(other, running: true);
        _h.Fleet.RunLifecycle();
        var afterwards = _h.Store.StoredAssignments;
        Report(spare, running: true);
        _h.Fleet.RunLifecycle();

        Assert.Multiple(() =>
        {
            Assert.That(whileUnavailable, Is.EqualTo(assigned), "maxUnavailable 1 is used up by the replica still starting");
            Assert.That(afterwards.Values, Is.EquivalentTo(new[] { other, spare }));
            Assert.That(_h.Node(drained).Cordoned, Is.True);
            Assert.That(_h.Node(drained).Draining, Is.False, "drain ends when nothing is left to move");
        });
    }

    [Test]
    public void DrainNode_TwoWorkloadsOnNode_EachMovesOnItsOwnBudgetInOneStep()
    {
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        var node = _h.Store.StoredAssignments["web/0"];
        var api = Records.Replicated("api", 1);
        api.Placement.PreferredAffinity = [new() { Weight = 100, Term = new() { MatchExpressions = [new() { Key = PlacementNode.HostnameLabel, Operator = SelectorOperator.In, Values = [node] }] } }];
        _h.Fleet.ApplyWorkload(api);
        Report(node, running: true, "web", "api");
        var before = _h.Store.StoredAssignments;

        _h.Fleet.DrainNode(node);

        Assert.Multiple(() =>
        {
            Assert.That(before.Values, Is.All.EqualTo(node));
            Assert.That(_h.Store.StoredAssignments, Has.Count.EqualTo(2));
            Assert.That(_h.Store.StoredAssignments.Values, Has.None.EqualTo(node));
        });
    }

    private void Advance(TimeSpan by, string except)
    {
        _h.Time.Advance(by);
        foreach (var (name, session) in _sessions.Where(kv => kv.Key != except))
        {
            _h.Fleet.Heartbeat(session, 0);
        }
    }

    private void Report(string node, bool running, params string[] workloads)
    {
        var observed = running ? (workloads.Length == 0 ? ["web"] : workloads).Select(w => Records.Observed(w, ObservedPhase.Running, Records.Digest('a'))).ToArray() : [];
        var session = _h.Connect(node, Records.Facts(), 0, observed);
        _sessions[node] = session;
    }
}
