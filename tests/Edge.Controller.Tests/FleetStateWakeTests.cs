using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Controller.Tests;

/// <summary>
/// Waking a cold workload over a LiteDB store in a temp file: a wake reported in a hello (the
/// stream was down when it happened, say across a controller restart) acts as one in a status
/// report, once; the replica lands on the woken node when it fits there; a wake racing a scale
/// to 0 or a deletion does no harm.
/// </summary>
public sealed class FleetStateWakeTests
{
    private const string Peer = "ipv4:10.0.0.7:51000";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private string _dir = null!;
    private LiteDbFleetStore _store = null!;
    private FleetState _fleet = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-controller-wake-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _store = new LiteDbFleetStore(Path.Combine(_dir, "fleet.db"));
        _fleet = FleetHarness.NewFleet(_store, _time);
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void Connect_HelloWithWokenAfterARestart_ScaledToOneOnThatNodeInTheFirstMessage()
    {
        Hello("a1");
        Hello("a2");
        _fleet.ApplyWorkload(Records.Replicated("web", 0));
        _fleet.ApplyWorkload(Cpu(Records.Replicated("big", 1), 2000)); // on a1 (tie, smaller name): a2 now scores higher
        Assert.That(_fleet.ColdNodesOf("web"), Is.EqualTo(new[] { "a1" }));
        Restart();
        Hello("a2");

        var desired = Hello("a1", Woken("web"));

        var stored = _store.LoadWorkloads().Single(w => w.Id == "web");
        Assert.Multiple(() =>
        {
            Assert.That(stored.Placement.Replicas, Is.EqualTo(1), "stored");
            Assert.That(stored.ColdNodes, Is.Empty);
            Assert.That(_store.LoadAssignments().Where(a => a.Workload == "web").Select(a => a.Node), Is.EqualTo(new[] { "a1" }));
            Assert.That(desired.Workloads.Select(w => w.Id), Is.EqualTo(new[] { "big", "web" }));
            Assert.That(desired.Cold, Is.Empty, "the hello's answer already runs it warm");
            Assert.That(_fleet.ExplainWorkload("web").Woken,
                Does.EndWith("woken by a first invocation on node a1 while cold: scaled 0 -> 1, placed on a1 where it was woken"));
        });
    }

    [Test]
    public void Connect_SameWakeReportedAgain_NothingChanges()
    {
        Hello("a1");
        _fleet.ApplyWorkload(Records.Replicated("web", 0));
        Hello("a1", Woken("web"));
        var before = (Version: _fleet.GetNode("a1")!.DesiredVersion, Updated: _store.LoadWorkloads().Single().UpdatedAt, Woken: _fleet.ExplainWorkload("web").Woken);
        _time.Advance(TimeSpan.FromSeconds(5));

        // The stream drops again before the node has applied the warm spec: its hello and its
        // next status report still say woken.
        var session = _fleet.Connect("a1", Records.Facts(), 1, [Woken("web")], Peer).Session;
        _fleet.ReportStatus(session, 1, [Woken("web")]);

        var stored = _store.LoadWorkloads().Single();
        Assert.Multiple(() =>
        {
            Assert.That(_fleet.ListWorkloads().Single().ReplicasDesired, Is.EqualTo(1));
            Assert.That(stored.Placement.Replicas, Is.EqualTo(1));
            Assert.That(stored.UpdatedAt, Is.EqualTo(before.Updated), "the workload is not stored again");
            Assert.That(_fleet.GetNode("a1")!.DesiredVersion, Is.EqualTo(before.Version));
            Assert.That(_store.LoadAssignments(), Has.Count.EqualTo(1));
            Assert.That(_fleet.ExplainWorkload("web").Woken, Is.EqualTo(before.Woken));
        });
    }

    [Test]
    public void ReportStatus_Woken_PrefersTheWokenNodeOverABetterScore()
    {
        WokenOnA1Beside(2000, "a2"); // a2 scores higher

        Assert.Multiple(() =>
        {
            Assert.That(_store.LoadAssignments().Where(a => a.Workload == "web").Select(a => a.Node), Is.EqualTo(new[] { "a1" }));
            Assert.That(_fleet.ExplainWorkload("web").Replicas.Single().RunnersUp.Select(r => r.Node), Is.EqualTo(new[] { "a2" }));
        });
    }

    [Test]
    public void ReportStatus_WokenNodeFull_PlacedElsewhereAndExplainSaysWhy()
    {
        WokenOnA1Beside(3960, "a2");

        Assert.Multiple(() =>
        {
            Assert.That(_store.LoadAssignments().Where(a => a.Workload == "web").Select(a => a.Node), Is.EqualTo(new[] { "a2" }));
            Assert.That(_fleet.ExplainWorkload("web").Woken,
                Does.EndWith("scaled 0 -> 1; woken on a1, placed on a2: a1 has 40m CPU left, needs 100m"));
        });
    }

    [Test]
    public void ReportStatus_WokenAndNoNodeHasRoom_ScaledButUnplacedAndExplainSaysWhy()
    {
        WokenOnA1Beside(3960);

        var view = _fleet.ListWorkloads().Single(w => w.Workload.Id == "web");
        Assert.Multiple(() =>
        {
            Assert.That((view.ReplicasDesired, view.ReplicasPlaced), Is.EqualTo((1, 0)));
            Assert.That(_fleet.ExplainWorkload("web").Woken,
                Does.EndWith("woken on a1, not placed: a1 has 40m CPU left, needs 100m; 0/1 nodes fit: 1 insufficient cpu"));
        });
    }

    [Test]
    public void Connect_HelloWithWokenOverQuota_StaysAtZeroAndARepeatChangesNothing()
    {
        _fleet.ApplyTenant(new TenantRecord { Id = "team", Replicas = 0 });
        Hello("a1");
        var web = Records.Replicated("web", 0);
        web.Placement.Tenant = "team";
        _fleet.ApplyWorkload(web);
        var version = _fleet.GetNode("a1")!.DesiredVersion;

        Hello("a1", Woken("web"));
        var refused = _fleet.ExplainWorkload("web").Woken;
        _time.Advance(TimeSpan.FromSeconds(5));
        Hello("a1", Woken("web"));

        Assert.Multiple(() =>
        {
            Assert.That(_store.LoadWorkloads().Single().Placement.Replicas, Is.Zero);
            Assert.That(_fleet.ColdNodesOf("web"), Is.EqualTo(new[] { "a1" }));
            Assert.That(_fleet.GetNode("a1")!.DesiredVersion, Is.EqualTo(version));
            Assert.That(refused, Does.Contain("woken by an invocation on node a1, but not scaled up: workload web refused, tenant team: quota replicas"));
            Assert.That(_fleet.ExplainWorkload("web").Woken, Is.EqualTo(refused), "the same refusal, not stamped again");
        });
    }

    [Test]
    public void ReportStatus_QuotaRaisedAfterARefusedWake_TheNextReportWakesIt()
    {
        _fleet.ApplyTenant(new TenantRecord { Id = "team", Replicas = 0 });
        var a1 = _fleet.Connect("a1", Records.Facts(), 0, [], Peer).Session;
        var web = Records.Replicated("web", 0);
        web.Placement.Tenant = "team";
        _fleet.ApplyWorkload(web);
        _fleet.ReportStatus(a1, 0, [Woken("web")]);

        _fleet.ApplyTenant(new TenantRecord { Id = "team", Replicas = 1 });
        _fleet.ReportStatus(a1, 0, [Woken("web")]);

        Assert.That(_store.LoadWorkloads().Single().Placement.Replicas, Is.EqualTo(1));
    }

    [Test]
    public void ReportStatus_StillWokenAfterAScaleBackToZero_StaysAtZeroUntilTheNodeClearsIt()
    {
        var a1 = _fleet.Connect("a1", Records.Facts(), 0, [], Peer).Session;
        _fleet.ApplyWorkload(Records.Replicated("web", 0));
        _fleet.ReportStatus(a1, 0, [Woken("web")]);

        // An admin scales it back to 0 before the node saw it warm: the node still holds the same
        // wake and reports it with its next status.
        _fleet.ScaleWorkload("web", 0);
        _fleet.ReportStatus(a1, 0, [Woken("web")]);
        var afterStale = _store.LoadWorkloads().Single().Placement.Replicas;

        // The node then reports it not woken (its flag cleared), and a new invocation wakes it again.
        _fleet.ReportStatus(a1, 0, [Woken("web") with { Woken = false }]);
        _fleet.ReportStatus(a1, 0, [Woken("web")]);

        Assert.Multiple(() =>
        {
            Assert.That(afterStale, Is.Zero, "the operator's scale to 0 stands");
            Assert.That(_store.LoadWorkloads().Single().Placement.Replicas, Is.EqualTo(1), "a new wake");
        });
    }

    [Test]
    public void Connect_StillWokenAfterAScaleBackToZeroAndARestart_StaysAtZeroUntilTheNodeClearsIt()
    {
        var a1 = _fleet.Connect("a1", Records.Facts(), 0, [], Peer).Session;
        _fleet.ApplyWorkload(Records.Replicated("web", 0));
        _fleet.ReportStatus(a1, 0, [Woken("web")]);
        _fleet.ScaleWorkload("web", 0);
        Restart();

        Hello("a1", Woken("web"));
        var afterStale = _store.LoadWorkloads().Single().Placement.Replicas;
        Hello("a1", Woken("web") with { Woken = false });
        var cleared = _store.LoadWorkloads().Single().AnsweredWakes;
        Restart();
        Hello("a1", Woken("web"));

        Assert.Multiple(() =>
        {
            Assert.That(afterStale, Is.Zero, "the answered wake is stored: the restarted controller knows it");
            Assert.That(cleared, Is.Empty, "the node cleared it, and that is stored too");
            Assert.That(_store.LoadWorkloads().Single().Placement.Replicas, Is.EqualTo(1), "a new wake after the second restart");
        });
    }

    [Test]
    public void ReportStatus_WokenRacingADeletion_NothingComesBack()
    {
        var a1 = _fleet.Connect("a1", Records.Facts(), 0, [], Peer).Session;
        _fleet.ApplyWorkload(Records.Replicated("web", 0));
        _fleet.DeleteWorkload("web");

        _fleet.ReportStatus(a1, 0, [Woken("web")]);
        var (_, desired) = _fleet.Connect("a1", Records.Facts(), 0, [Woken("web")], Peer);

        Assert.Multiple(() =>
        {
            Assert.That(_fleet.ListWorkloads(), Is.Empty);
            Assert.That(_store.LoadWorkloads(), Is.Empty);
            Assert.That(_store.LoadAssignments(), Is.Empty);
            Assert.That(desired.Workloads, Is.Empty);
        });
    }

    [Test]
    public void DeleteWorkload_AfterAWake_EndsItsReplicaAndALaterWokenReportIsIgnored()
    {
        var a1 = _fleet.Connect("a1", Records.Facts(), 0, [], Peer).Session;
        _fleet.ApplyWorkload(Records.Replicated("web", 0));
        _fleet.ReportStatus(a1, 0, [Woken("web")]);

        _fleet.DeleteWorkload("web");
        _fleet.ApplyWorkload(Records.Replicated("web", 0));
        _fleet.ReportStatus(a1, 0, [Woken("web")]);

        Assert.That(_store.LoadWorkloads().Single().Placement.Replicas, Is.EqualTo(1),
            "applied again, cold again: the deleted workload's answered wake does not hide this one");
    }

    /// <summary>
    /// web held cold on a1 (the first node by name), a workload "big" of <paramref name="bigCpu"/>
    /// placed on a1 too (every node empty: the tie goes to a1), then a1 reports web woken.
    /// </summary>
    private void WokenOnA1Beside(long bigCpu, params string[] others)
    {
        foreach (var node in others.Prepend("a1"))
        {
            Hello(node);
        }

        _fleet.ApplyWorkload(Records.Replicated("web", 0));
        _fleet.ApplyWorkload(Cpu(Records.Replicated("big", 1), bigCpu));
        var a1 = _fleet.Connect("a1", Records.Facts(), 0, [], Peer).Session;
        _fleet.ReportStatus(a1, 0, [Woken("web")]);
    }

    private DesiredSnapshot Hello(string node, params ObservedWorkload[] workloads) =>
        _fleet.Connect(node, Records.Facts(), 0, workloads, Peer).Desired;

    /// <summary>A controller restart: the store file closed and opened again, a new fleet over it.</summary>
    private void Restart()
    {
        _store.Dispose();
        _store = new LiteDbFleetStore(Path.Combine(_dir, "fleet.db"));
        _fleet = FleetHarness.NewFleet(_store, _time);
    }

    private static WorkloadRecord Cpu(WorkloadRecord workload, long millis)
    {
        workload.Placement.CpuMillis = millis;
        return workload;
    }

    private static ObservedWorkload Woken(string name) =>
        Records.Observed(name, ObservedPhase.Running, Records.Digest('a')) with { Cold = true, Woken = true };
}
