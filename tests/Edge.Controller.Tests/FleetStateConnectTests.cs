using Edge.Controller.Fleet;
using Edge.Scheduling;

namespace Edge.Controller.Tests;

public sealed class FleetStateConnectTests
{
    private FleetHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new FleetHarness();

    [Test]
    public void Connect_NewNode_RegistersReadyConnectedNode()
    {
        _h.Connect("n1", Records.Facts(("zone", "a")));

        var node = _h.Node("n1");
        Assert.Multiple(() =>
        {
            Assert.That(node.Condition, Is.EqualTo(NodeCondition.Ready));
            Assert.That(node.Connected, Is.True);
            Assert.That(node.LastHeartbeat, Is.EqualTo(_h.Time.GetUtcNow()));
            Assert.That(node.Facts.Labels["zone"], Is.EqualTo("a"));
        });
    }

    [Test]
    public void Connect_NewNode_StoresNodeWithFactsAndFirstSeen()
    {
        var (_, desired) = _h.Fleet.Connect("n1", Records.Facts(("zone", "a")), 0, [], "peer");

        var stored = _h.Store.StoredNode("n1");
        Assert.That(stored, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.Facts.Hostname, Is.EqualTo("pi-01"));
            Assert.That(stored.Facts.Labels, Is.EqualTo(new Dictionary<string, string> { ["zone"] = "a" }));
            Assert.That(stored.FirstSeen, Is.EqualTo(_h.Time.GetUtcNow()));
            Assert.That(stored.DesiredVersion, Is.EqualTo(desired.Version));
        });
    }

    [Test]
    public void Connect_SameFactsAgain_WritesNoNode()
    {
        _h.Connect("n1", Records.Facts(("zone", "a")));
        var writes = _h.Store.Writes;
        _h.Time.Advance(TimeSpan.FromSeconds(5));

        _h.Connect("n1", Records.Facts(("zone", "a")));

        Assert.That(_h.Store.Writes, Is.EqualTo(writes));
    }

    [Test]
    public void Connect_SameFactsAgain_SameDesiredVersion()
    {
        var (_, first) = _h.Fleet.Connect("n1", Records.Facts(), 0, [], "peer");

        var (_, second) = _h.Fleet.Connect("n1", Records.Facts(), first.Version, [], "peer");

        Assert.That(second.Version, Is.EqualTo(first.Version));
    }

    [Test]
    public void Connect_ChangedFacts_StoresNewFacts()
    {
        _h.Connect("n1", Records.Facts());
        var writes = _h.Store.NodeWrites;
        var upgraded = Records.Facts();
        upgraded.AgentVersion = "0.2.0";

        _h.Connect("n1", upgraded);

        Assert.Multiple(() =>
        {
            Assert.That(_h.Store.NodeWrites, Is.EqualTo(writes + 1));
            Assert.That(_h.Store.StoredNode("n1")!.Facts.AgentVersion, Is.EqualTo("0.2.0"));
        });
    }

    [Test]
    public void Connect_NewNode_DesiredStateNotQueuedOnSession()
    {
        // The snapshot returned by Connect is the stream's first message; queuing it too would send it twice.
        _h.Fleet.ApplyWorkload(Records.Workload("web"));

        var (session, desired) = _h.Fleet.Connect("n1", Records.Facts(), 0, [], "peer");

        Assert.Multiple(() =>
        {
            Assert.That(desired.Workloads.Select(w => w.Id), Is.EqualTo(new[] { "web" }));
            Assert.That(session.Outgoing.TryRead(out _), Is.False);
        });
    }

    [Test]
    public void Connect_KeepsAppliedVersionAndObservedWorkloadsFromHello()
    {
        var running = Records.Observed("web", ObservedPhase.Running, Records.Digest('a'));

        _h.Connect("n1", Records.Facts(), 7, running);

        var node = _h.Node("n1");
        Assert.Multiple(() =>
        {
            Assert.That(node.AppliedVersion, Is.EqualTo(7));
            Assert.That(node.Workloads, Is.EqualTo(new[] { running }));
        });
    }

    [Test]
    public void Heartbeat_Many_WritesNothing()
    {
        var session = _h.Connect("n1", Records.Facts());
        var writes = _h.Store.Writes;

        for (var i = 0; i < 50; i++)
        {
            _h.Time.Advance(TimeSpan.FromSeconds(10));
            _h.Fleet.Heartbeat(session, i);
        }

        Assert.Multiple(() =>
        {
            Assert.That(_h.Store.Writes, Is.EqualTo(writes));
            Assert.That(_h.Node("n1").AppliedVersion, Is.EqualTo(49));
            Assert.That(_h.Node("n1").LastHeartbeat, Is.EqualTo(_h.Time.GetUtcNow()));
        });
    }

    [Test]
    public void ReportStatus_WritesNothingAndKeepsWorkloads()
    {
        var session = _h.Connect("n1", Records.Facts());
        var writes = _h.Store.Writes;
        var failed = Records.Observed("web", ObservedPhase.Failed, Records.Digest('a'));

        _h.Fleet.ReportStatus(session, 3, [failed]);

        Assert.Multiple(() =>
        {
            Assert.That(_h.Store.Writes, Is.EqualTo(writes));
            Assert.That(_h.Node("n1").Workloads, Is.EqualTo(new[] { failed }));
            Assert.That(_h.Node("n1").AppliedVersion, Is.EqualTo(3));
        });
    }

    [Test]
    public void Connect_SameNodeAgain_ClosesFirstSessionWithNodeSessionClosedException()
    {
        var first = _h.Connect("n1", Records.Facts());

        _h.Fleet.Connect("n1", Records.Facts(), 0, [], "ipv4:10.0.0.8:52000");

        Assert.Multiple(() =>
        {
            Assert.That(first.Outgoing.Completion.IsFaulted, Is.True);
            Assert.That(first.Outgoing.Completion.Exception?.InnerException, Is.TypeOf<NodeSessionClosedException>()
                .With.Message.Contains("ipv4:10.0.0.8:52000"));
        });
    }

    [Test]
    public void Connect_SameNodeAgain_NewSessionStaysOpen()
    {
        _h.Connect("n1", Records.Facts());

        var second = _h.Connect("n1", Records.Facts());

        Assert.Multiple(() =>
        {
            Assert.That(second.Outgoing.Completion.IsCompleted, Is.False);
            Assert.That(_h.Node("n1").Connected, Is.True);
        });
    }

    [Test]
    public void Heartbeat_OnReplacedSession_Ignored()
    {
        var first = _h.Connect("n1", Records.Facts(), appliedVersion: 1);
        _h.Connect("n1", Records.Facts(), appliedVersion: 1);
        var before = _h.Node("n1").LastHeartbeat;
        _h.Time.Advance(TimeSpan.FromSeconds(10));

        _h.Fleet.Heartbeat(first, 99);

        Assert.Multiple(() =>
        {
            Assert.That(_h.Node("n1").AppliedVersion, Is.EqualTo(1));
            Assert.That(_h.Node("n1").LastHeartbeat, Is.EqualTo(before));
        });
    }

    [Test]
    public void Heartbeat_OnReplacedSessionAfterLeaseRanOut_DoesNotRevive()
    {
        var first = _h.Connect("n1", Records.Facts());
        _h.Connect("n1", Records.Facts());
        _h.Time.Advance(FleetHarness.Grace + TimeSpan.FromSeconds(1));
        _h.Fleet.CheckLeases();

        _h.Fleet.Heartbeat(first, 0);

        Assert.That(_h.Node("n1").Condition, Is.EqualTo(NodeCondition.Disconnected));
    }

    [Test]
    public void ReportStatus_OnReplacedSession_Ignored()
    {
        var first = _h.Connect("n1", Records.Facts());
        _h.Connect("n1", Records.Facts());

        _h.Fleet.ReportStatus(first, 5, [Records.Observed("web", ObservedPhase.Running, Records.Digest('a'))]);

        Assert.That(_h.Node("n1").Workloads, Is.Empty);
    }

    [Test]
    public void Disconnect_ReplacedSession_NewSessionStaysConnected()
    {
        var first = _h.Connect("n1", Records.Facts());
        _h.Connect("n1", Records.Facts());

        _h.Fleet.Disconnect(first);

        Assert.That(_h.Node("n1").Connected, Is.True);
    }

    [Test]
    public void Disconnect_CurrentSession_NotConnectedButStillReady()
    {
        var session = _h.Connect("n1", Records.Facts());

        _h.Fleet.Disconnect(session);

        Assert.Multiple(() =>
        {
            Assert.That(_h.Node("n1").Connected, Is.False);
            Assert.That(_h.Node("n1").Condition, Is.EqualTo(NodeCondition.Ready));
        });
    }

    [Test]
    public void ListNodes_SeveralNodes_SortedByName()
    {
        _h.Connect("pi-2", Records.Facts());
        _h.Connect("pi-10", Records.Facts());
        _h.Connect("jetson", Records.Facts());

        var names = _h.Fleet.ListNodes().Select(n => n.Name);

        Assert.That(names, Is.EqualTo(new[] { "jetson", "pi-10", "pi-2" }));
    }

    [Test]
    public void GetNode_Unknown_Null()
    {
        Assert.That(_h.Fleet.GetNode("nope"), Is.Null);
    }
}
