using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Tests;

public sealed class FleetStateRestartTests
{
    private FleetHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new FleetHarness();

    [Test]
    public void Restart_KnownNode_ListedDisconnectedUntilHello()
    {
        _h.Connect("n1", Records.Facts());

        _h.Restart();

        var node = _h.Node("n1");
        Assert.Multiple(() =>
        {
            Assert.That(node.Condition, Is.EqualTo(NodeCondition.Disconnected));
            Assert.That(node.Connected, Is.False);
            Assert.That(node.LastHeartbeat, Is.Null);
        });
    }

    [Test]
    public void Restart_DesiredVersion_Survives()
    {
        _h.Connect("n1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Workload("web"));
        _h.Fleet.ApplyWorkload(Records.Workload("api"));
        var version = _h.Node("n1").DesiredVersion;

        _h.Restart();

        Assert.That(_h.Node("n1").DesiredVersion, Is.EqualTo(version));
    }

    [Test]
    public void Restart_HelloWithSameFacts_SameVersionAndNoWrites()
    {
        _h.Connect("n1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Workload("web"));
        var version = _h.Node("n1").DesiredVersion;
        _h.Restart();
        var writes = _h.Store.Writes;

        var (_, desired) = _h.Fleet.Connect("n1", Records.Facts(), version, [], "peer");

        Assert.Multiple(() =>
        {
            Assert.That(desired.Version, Is.EqualTo(version));
            Assert.That(desired.Workloads.Select(w => w.Id), Is.EqualTo(new[] { "web" }));
            Assert.That(_h.Store.Writes, Is.EqualTo(writes));
        });
    }

    [Test]
    public void Restart_ThenChange_VersionMovesForwardFromStoredVersion()
    {
        _h.Connect("n1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Workload("web"));
        var version = _h.Node("n1").DesiredVersion;
        _h.Restart();
        _h.Connect("n1", Records.Facts());

        _h.Fleet.ApplyWorkload(Records.Workload("api"));

        Assert.That(_h.Node("n1").DesiredVersion, Is.EqualTo(version + 1));
    }

    [Test]
    public void Restart_StoredAntiAffinityNamingANewWorkload_StillKeepsItOutOfTheDomain()
    {
        _h.Connect("n1", Records.Facts(("zone", "a")));
        _h.Connect("n2", Records.Facts(("zone", "b")));
        var db = Records.Replicated("db", 1, ("zone", "a"));
        db.Placement.AntiAffinity = [new AntiAffinityRecord { Workloads = ["web"], TopologyKey = "zone" }];
        _h.Fleet.ApplyWorkload(db);
        _h.Restart();
        _h.Connect("n1", Records.Facts(("zone", "a")));
        _h.Connect("n2", Records.Facts(("zone", "b")));

        _h.Fleet.ApplyWorkload(Records.Replicated("web", 2));

        var web = _h.Fleet.ExplainWorkload("web");
        Assert.Multiple(() =>
        {
            Assert.That(_h.Fleet.ExplainWorkload("db").Replicas.Select(r => r.Node), Is.EqualTo(new[] { "n1" }));
            Assert.That(web.Replicas.Where(r => r.Node is { Length: > 0 }).Select(r => r.Node), Is.EqualTo(new[] { "n2" }));
            Assert.That(web.Fit, Does.Contain("anti-affinity of db zone"));
        });
    }

    [Test]
    public void Restart_WorkloadsReloaded_ReapplyingSameSpecUnchanged()
    {
        _h.Fleet.ApplyWorkload(Records.Workload("web"));
        _h.Restart();

        var result = _h.Fleet.ApplyWorkload(Records.Workload("web"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Changed, Is.False);
            Assert.That(_h.Fleet.ListWorkloads().Select(w => w.Workload.Id), Is.EqualTo(new[] { "web" }));
        });
    }

    [Test]
    public void Restart_SeveralTimes_VersionNeverGoesBack()
    {
        var seen = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            _h.Connect("n1", Records.Facts());
            _h.Fleet.ApplyWorkload(Records.Workload("web", (char)('a' + i)));
            seen.Add(_h.Node("n1").DesiredVersion);
            _h.Restart();
        }

        Assert.That(seen, Is.Ordered.Ascending.And.Unique);
    }
}
