using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Tests;

public sealed class FleetStateColdTests
{
    private FleetHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new FleetHarness();

    [Test]
    public void ScaleWorkload_ToZero_HeldColdWhereItRanReservingNothing()
    {
        var a1 = _h.Connect("a1", Records.Facts());
        var a2 = _h.Connect("a2", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 2));

        var view = _h.Fleet.ScaleWorkload("web", 0);

        Assert.Multiple(() =>
        {
            Assert.That(view.ReplicasPlaced, Is.Zero);
            Assert.That(_h.Fleet.ColdNodesOf("web"), Is.EqualTo(new[] { "a1", "a2" }));
            Assert.That(_h.Store.LoadWorkloads().Single().ColdNodes, Is.EqualTo(new[] { "a1", "a2" }), "stored, to survive a restart");
            Assert.That(_h.Fleet.Utilization().Requested, Is.EqualTo(default(ResourceAmount)), "a cold placement reserves nothing");
            Assert.That(_h.Fleet.ListTenants().Single().Used, Is.EqualTo(default(ResourceAmount)), "nor counts against the quota");
            foreach (var session in new[] { a1, a2 })
            {
                var last = Last(session);
                Assert.That(last.Workloads.Select(w => w.Id), Is.EqualTo(new[] { "web" }));
                Assert.That(last.Cold, Is.EquivalentTo(new[] { "web" }));
            }
        });
    }

    [Test]
    public void ApplyWorkload_ZeroReplicasNeverRan_HeldColdOnTheFirstMatchingNode()
    {
        _h.Connect("b1", Records.Facts(("zone", "b")));
        var a2 = _h.Connect("a2", Records.Facts(("zone", "a")));
        _h.Connect("a3", Records.Facts(("zone", "a")));

        _h.Fleet.ApplyWorkload(Records.Replicated("web", 0, ("zone", "a")));

        Assert.That(_h.Fleet.ColdNodesOf("web"), Is.EqualTo(new[] { "a2" }));
        Assert.That(Last(a2).Cold, Is.EquivalentTo(new[] { "web" }));
    }

    [Test]
    public void ReportStatus_Woken_ScalesToOneAndExplainSaysWhy()
    {
        var a1 = _h.Connect("a1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        _h.Fleet.ScaleWorkload("web", 0);

        _h.Fleet.ReportStatus(a1, 3, [Woken("web")]);

        var explanation = _h.Fleet.ExplainWorkload("web");
        Assert.Multiple(() =>
        {
            Assert.That(_h.Fleet.ListWorkloads().Single().ReplicasPlaced, Is.EqualTo(1));
            Assert.That(_h.Store.LoadWorkloads().Single().Placement.Replicas, Is.EqualTo(1));
            Assert.That(_h.Fleet.ColdNodesOf("web"), Is.Empty);
            Assert.That(explanation.Woken, Does.Contain("woken by a first invocation on node a1 while cold: scaled 0 -> 1"));
            Assert.That(explanation.Cold, Is.Empty);
            Assert.That(Last(a1).Cold, Is.Empty, "the node now runs a reserved replica");
        });
    }

    [Test]
    public void ReportStatus_WokenAgain_DoesNotScaleAWorkloadAlreadyAboveZero()
    {
        var a1 = _h.Connect("a1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        _h.Fleet.ScaleWorkload("web", 0);
        _h.Fleet.ReportStatus(a1, 3, [Woken("web")]);
        _h.Fleet.ScaleWorkload("web", 3);

        _h.Fleet.ReportStatus(a1, 4, [Woken("web")]);

        Assert.That(_h.Fleet.ListWorkloads().Single().ReplicasDesired, Is.EqualTo(3));
    }

    [Test]
    public void ReportStatus_WokenOverQuota_StaysAtZeroAndExplainSaysWhy()
    {
        _h.Fleet.ApplyTenant(new TenantRecord { Id = "team", Replicas = 0 });
        var a1 = _h.Connect("a1", Records.Facts());
        var workload = Records.Replicated("web", 0);
        workload.Placement.Tenant = "team";
        _h.Fleet.ApplyWorkload(workload);

        _h.Fleet.ReportStatus(a1, 3, [Woken("web")]);

        Assert.Multiple(() =>
        {
            Assert.That(_h.Fleet.ListWorkloads().Single().ReplicasDesired, Is.Zero);
            Assert.That(_h.Fleet.ColdNodesOf("web"), Is.EqualTo(new[] { "a1" }));
            Assert.That(_h.Fleet.ExplainWorkload("web").Woken, Does.Contain("not scaled up").And.Contain("replicas"));
        });
    }

    [Test]
    public void Restart_ColdWorkload_HeldColdOnTheSameNodeAfterHello()
    {
        _h.Connect("a1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        _h.Fleet.ScaleWorkload("web", 0);

        _h.Restart();
        var (_, desired) = _h.Fleet.Connect("a1", Records.Facts(), 0, [], "ipv4:10.0.0.7:51000");

        Assert.That(desired.Cold, Is.EquivalentTo(new[] { "web" }));
        Assert.That(_h.Fleet.ExplainWorkload("web").Cold, Does.Contain("held cold on a1"));
    }

    [Test]
    public void DeleteWorkload_Cold_LeavesTheNodesDesiredState()
    {
        var a1 = _h.Connect("a1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 0));
        Assert.That(Last(a1).Cold, Is.EquivalentTo(new[] { "web" }));

        _h.Fleet.DeleteWorkload("web");

        Assert.That(Last(a1).Workloads, Is.Empty);
    }

    private static ObservedWorkload Woken(string name) =>
        Records.Observed(name, ObservedPhase.Running, Records.Digest('a')) with { Cold = true, Woken = true };

    private static DesiredSnapshot Last(NodeSession session)
    {
        DesiredSnapshot? last = null;
        while (session.Outgoing.TryRead(out var snapshot))
        {
            last = snapshot;
        }

        return last ?? throw new AssertionException("no desired state was sent");
    }
}
