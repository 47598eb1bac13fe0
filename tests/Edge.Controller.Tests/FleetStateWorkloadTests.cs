using Edge.Controller.Fleet;

namespace Edge.Controller.Tests;

public sealed class FleetStateWorkloadTests
{
    private FleetHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new FleetHarness();

    [Test]
    public void ApplyWorkload_New_ChangedAndStored()
    {
        var result = _h.Fleet.ApplyWorkload(Records.Workload("web"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Changed, Is.True);
            Assert.That(_h.Store.WorkloadWrites, Is.EqualTo(1));
            Assert.That(_h.Store.LoadWorkloads().Single().UpdatedAt, Is.EqualTo(_h.Time.GetUtcNow()));
        });
    }

    [Test]
    public void ApplyWorkload_Selector_BumpsDesiredVersionOfMatchingNodesOnly()
    {
        _h.Connect("a1", Records.Facts(("zone", "a")));
        _h.Connect("b1", Records.Facts(("zone", "b")));
        _h.Connect("none", Records.Facts());
        var before = _h.Fleet.ListNodes().ToDictionary(n => n.Name, n => n.DesiredVersion);

        _h.Fleet.ApplyWorkload(Records.Workload("web", 'a', ("zone", "a")));

        var after = _h.Fleet.ListNodes().ToDictionary(n => n.Name, n => n.DesiredVersion);
        Assert.Multiple(() =>
        {
            Assert.That(after["a1"], Is.EqualTo(before["a1"] + 1));
            Assert.That(after["b1"], Is.EqualTo(before["b1"]));
            Assert.That(after["none"], Is.EqualTo(before["none"]));
        });
    }

    [Test]
    public void ApplyWorkload_Selector_ReportsNodesTargeted()
    {
        _h.Connect("a1", Records.Facts(("zone", "a")));
        _h.Connect("a2", Records.Facts(("zone", "a"), ("arch", "arm64")));
        _h.Connect("b1", Records.Facts(("zone", "b")));

        var result = _h.Fleet.ApplyWorkload(Records.Workload("web", 'a', ("zone", "a")));

        Assert.That(result.NodesTargeted, Is.EqualTo(2));
    }

    [Test]
    public void ApplyWorkload_MatchingConnectedNode_PushesNewSnapshot()
    {
        var session = _h.Connect("a1", Records.Facts(("zone", "a")));

        _h.Fleet.ApplyWorkload(Records.Workload("web", 'a', ("zone", "a")));

        Assert.That(session.Outgoing.TryRead(out var snapshot), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(snapshot!.Version, Is.EqualTo(_h.Node("a1").DesiredVersion));
            Assert.That(snapshot.Workloads.Select(w => w.Id), Is.EqualTo(new[] { "web" }));
        });
    }

    [Test]
    public void ListWorkloads_NodesRunning_SameAsEachWorkloadsOwnView()
    {
        var sessions = new[] { "n1", "n2", "n3", "n4", "n5" }.Select(n => _h.Connect(n, Records.Facts())).ToArray();
        _h.Fleet.ApplyWorkload(Records.Workload("web", 'a'));
        _h.Fleet.ApplyWorkload(Records.Workload("api", 'b'));
        var running = (string name, char digest) => Records.Observed(name, ObservedPhase.Running, Records.Digest(digest));
        _h.Fleet.ReportStatus(sessions[0], 2, [running("web", 'a'), running("api", 'b')]);
        _h.Fleet.ReportStatus(sessions[1], 2, [running("web", 'a'), running("web", 'a')]); // twice: one node
        _h.Fleet.ReportStatus(sessions[2], 2, [running("web", 'z')]); // another module: not web's
        _h.Fleet.ReportStatus(sessions[3], 2, [running("api", 'b') with { Cold = true }]); // cold: not running
        _h.Fleet.ReportStatus(sessions[4], 2, [Records.Observed("api", ObservedPhase.Failed, Records.Digest('b'))]);

        var listed = _h.Fleet.ListWorkloads().ToDictionary(w => w.Workload.Id, w => (w.NodesRunning, w.ReplicasRunning));

        Assert.Multiple(() =>
        {
            Assert.That(listed, Is.EqualTo(new Dictionary<string, (int, int)> { ["api"] = (1, 1), ["web"] = (2, 2) }));
            foreach (var name in new[] { "web", "api" })
            {
                var own = _h.Fleet.GetWorkload(name);
                Assert.That(listed[name], Is.EqualTo((own.NodesRunning, own.ReplicasRunning)), name);
            }
        });
    }

    [Test]
    public void ApplyWorkload_NonMatchingConnectedNode_PushesNothing()
    {
        var session = _h.Connect("b1", Records.Facts(("zone", "b")));

        _h.Fleet.ApplyWorkload(Records.Workload("web", 'a', ("zone", "a")));

        Assert.That(session.Outgoing.TryRead(out _), Is.False);
    }

    [Test]
    public void ApplyWorkload_SameSpecAgain_UnchangedAndBumpsNothing()
    {
        var session = _h.Connect("a1", Records.Facts(("zone", "a")));
        _h.Fleet.ApplyWorkload(Records.Workload("web", 'a', ("zone", "a")));
        session.Outgoing.TryRead(out _);
        var version = _h.Node("a1").DesiredVersion;
        var writes = _h.Store.Writes;

        var result = _h.Fleet.ApplyWorkload(Records.Workload("web", 'a', ("zone", "a")));

        Assert.Multiple(() =>
        {
            Assert.That(result.Changed, Is.False);
            Assert.That(result.NodesTargeted, Is.EqualTo(1));
            Assert.That(_h.Node("a1").DesiredVersion, Is.EqualTo(version));
            Assert.That(_h.Store.Writes, Is.EqualTo(writes));
            Assert.That(session.Outgoing.TryRead(out _), Is.False);
        });
    }

    [Test]
    public void ApplyWorkload_NewModuleDigest_BumpsAndPushesNewDigest()
    {
        var session = _h.Connect("a1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Workload("web", 'a'));
        var version = _h.Node("a1").DesiredVersion;

        var result = _h.Fleet.ApplyWorkload(Records.Workload("web", 'b'));

        Assert.Multiple(() =>
        {
            Assert.That(result.Changed, Is.True);
            Assert.That(_h.Node("a1").DesiredVersion, Is.EqualTo(version + 1));
            Assert.That(session.Outgoing.TryRead(out var snapshot), Is.True);
            Assert.That(snapshot!.Workloads.Single().ModuleDigest, Is.EqualTo(Records.Digest('b')));
        });
    }

    [Test]
    public void ApplyWorkload_ChangedArgs_BumpsVersion()
    {
        _h.Connect("a1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Workload("web"));
        var version = _h.Node("a1").DesiredVersion;
        var changed = Records.Workload("web");
        changed.Args = ["--port", "9090"];

        _h.Fleet.ApplyWorkload(changed);

        Assert.That(_h.Node("a1").DesiredVersion, Is.EqualTo(version + 1));
    }

    [Test]
    public void ApplyWorkload_SelectorMovesToAnotherZone_BothNodesBumped()
    {
        _h.Connect("a1", Records.Facts(("zone", "a")));
        var b1 = _h.Connect("b1", Records.Facts(("zone", "b")));
        _h.Fleet.ApplyWorkload(Records.Workload("web", 'a', ("zone", "a")));
        var before = _h.Fleet.ListNodes().ToDictionary(n => n.Name, n => n.DesiredVersion);

        _h.Fleet.ApplyWorkload(Records.Workload("web", 'a', ("zone", "b")));

        Assert.Multiple(() =>
        {
            Assert.That(_h.Node("a1").DesiredVersion, Is.EqualTo(before["a1"] + 1));
            Assert.That(_h.Node("b1").DesiredVersion, Is.EqualTo(before["b1"] + 1));
            Assert.That(b1.Outgoing.TryRead(out var snapshot), Is.True);
            Assert.That(snapshot!.Workloads.Select(w => w.Id), Is.EqualTo(new[] { "web" }));
        });
    }

    [Test]
    public void ApplyWorkload_TwoChangesBeforeRead_OnlyNewestSnapshotQueued()
    {
        var session = _h.Connect("a1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Workload("web"));

        _h.Fleet.ApplyWorkload(Records.Workload("api"));

        Assert.Multiple(() =>
        {
            Assert.That(session.Outgoing.TryRead(out var snapshot), Is.True);
            Assert.That(snapshot!.Workloads.Select(w => w.Id), Is.EqualTo(new[] { "api", "web" }));
            Assert.That(session.Outgoing.TryRead(out _), Is.False);
        });
    }

    [Test]
    public void ApplyWorkload_StoresDesiredVersions_OnlyForNodesWhoseDesiredStateChanged()
    {
        _h.Connect("a1", Records.Facts(("zone", "a")));
        _h.Connect("b1", Records.Facts(("zone", "b")));
        var nodeWrites = _h.Store.NodeWrites;
        var (a1, b1) = (_h.Store.StoredNode("a1")!.DesiredVersion, _h.Store.StoredNode("b1")!.DesiredVersion);

        _h.Fleet.ApplyWorkload(Records.Workload("web", 'a', ("zone", "a")));

        Assert.Multiple(() =>
        {
            Assert.That(_h.Store.StoredNode("a1")!.DesiredVersion, Is.EqualTo(a1 + 1));
            Assert.That(_h.Store.StoredNode("b1")!.DesiredVersion, Is.EqualTo(b1));
            Assert.That(_h.Store.NodeWrites, Is.EqualTo(nodeWrites), "the node records themselves did not change");
        });
    }

    [Test]
    public void Connect_LabelsGainMatch_DesiredStateIncludesWorkloadAndVersionBumps()
    {
        _h.Fleet.ApplyWorkload(Records.Workload("web", 'a', ("zone", "a")));
        var (_, before) = _h.Fleet.Connect("n1", Records.Facts(), 0, [], "peer");

        var (_, after) = _h.Fleet.Connect("n1", Records.Facts(("zone", "a")), 0, [], "peer");

        Assert.Multiple(() =>
        {
            Assert.That(before.Workloads, Is.Empty);
            Assert.That(after.Workloads.Select(w => w.Id), Is.EqualTo(new[] { "web" }));
            Assert.That(after.Version, Is.EqualTo(before.Version + 1));
        });
    }

    [Test]
    public void ListWorkloads_CountsTargetedAndRunningNodes()
    {
        var digest = Records.Digest('a');
        _h.Connect("running", Records.Facts(("zone", "a")), 0, Records.Observed("web", ObservedPhase.Running, digest));
        _h.Connect("failed", Records.Facts(("zone", "a")), 0, Records.Observed("web", ObservedPhase.Failed, digest));
        _h.Connect("old", Records.Facts(("zone", "a")), 0, Records.Observed("web", ObservedPhase.Running, Records.Digest('0')));
        _h.Connect("elsewhere", Records.Facts(("zone", "b")));
        _h.Fleet.ApplyWorkload(Records.Workload("web", 'a', ("zone", "a")));

        var view = _h.Fleet.ListWorkloads().Single();

        Assert.Multiple(() =>
        {
            Assert.That(view.Workload.Id, Is.EqualTo("web"));
            Assert.That(view.NodesTargeted, Is.EqualTo(3));
            Assert.That(view.NodesRunning, Is.EqualTo(1));
        });
    }

    [Test]
    public void ListWorkloads_StatusReportStartsRunning_CountedRunning()
    {
        var session = _h.Connect("n1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Workload("web"));

        _h.Fleet.ReportStatus(session, 2, [Records.Observed("web", ObservedPhase.Running, Records.Digest('a'))]);

        Assert.That(_h.Fleet.ListWorkloads().Single().NodesRunning, Is.EqualTo(1));
    }

    [Test]
    public void ListWorkloads_SeveralWorkloads_SortedByName()
    {
        _h.Fleet.ApplyWorkload(Records.Workload("web"));
        _h.Fleet.ApplyWorkload(Records.Workload("api"));

        var names = _h.Fleet.ListWorkloads().Select(w => w.Workload.Id);

        Assert.That(names, Is.EqualTo(new[] { "api", "web" }));
    }
}
