using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Tests;

/// <summary>
/// A job replica its node reports finished stops requesting (node requests, tenant quota), as a
/// Kubernetes pod in a terminal phase does; it stays placed and reported; running again, it requests again.
/// </summary>
public sealed class FleetStateFinishedJobTests
{
    private FleetHarness _h = null!;
    private NodeSession _a1 = null!;

    [SetUp]
    public void SetUp()
    {
        _h = new FleetHarness();
        _h.Fleet.ApplyTenant(new TenantRecord { Id = "team", CpuMillis = 3000 });
        _a1 = _h.Connect("a1", Records.Facts());
    }

    /// <summary>A one-replica workload of tenant team asking for 3 of a1's 4 cores; a job when <paramref name="job"/>.</summary>
    private static WorkloadRecord Big(string name, bool job, char digest = 'a')
    {
        var w = Records.Replicated(name, 1);
        w.ModuleDigest = Records.Digest(digest);
        w.Placement.CpuMillis = 3000;
        w.Placement.Tenant = "team";
        if (job)
        {
            w.Job = new WorkloadJobRecord { RestartPolicy = "Never", BackoffLimit = 0 };
        }

        return w;
    }

    private static ObservedWorkload Reported(string name, ObservedPhase phase, char digest = 'a', int minute = 0) =>
        Records.Observed(name, phase, Records.Digest(digest)) with { Since = new DateTimeOffset(2025, 3, 1, 12, minute, 0, TimeSpan.Zero) };

    [Test]
    public void JobSucceeded_ItsRoomGoesToAWaitingWorkload_AndTheJobStaysShownSucceeded()
    {
        _h.Fleet.ApplyWorkload(Big("batch", job: true));
        _h.Fleet.ApplyTenant(new TenantRecord { Id = "team", CpuMillis = 6000 });
        var waiting = _h.Fleet.ApplyWorkload(Big("web", job: false, 'b'));
        Assert.That(waiting.ReplicasPlaced, Is.Zero, "3 of 4 cores are held by the job");
        Assert.That(_h.Node("a1").Requested.CpuMillis, Is.EqualTo(3000));

        _h.Fleet.ReportStatus(_a1, 0, [Reported("batch", ObservedPhase.Succeeded)]);

        var web = _h.Fleet.ListWorkloads().Single(w => w.Workload.Id == "web");
        var batch = _h.Fleet.ListWorkloads().Single(w => w.Workload.Id == "batch");
        Assert.Multiple(() =>
        {
            Assert.That(web.ReplicasPlaced, Is.EqualTo(1), "the finished job's cores went to web");
            Assert.That(_h.Node("a1").Requested.CpuMillis, Is.EqualTo(3000), "web's 3000m only");
            Assert.That(batch.ReplicasSucceeded, Is.EqualTo(1));
            Assert.That(batch.ReplicasPlaced, Is.EqualTo(1), "the job keeps its placement: its node reports it");
            Assert.That(_h.Fleet.ExplainWorkload("batch").Replicas.Single().Phase, Is.EqualTo("Succeeded"));
        });
    }

    [Test]
    public void JobSucceeded_TenantQuotaNoLongerCountsIt()
    {
        _h.Fleet.ApplyWorkload(Big("batch", job: true));
        Assert.Throws<FleetException>(() => _h.Fleet.ApplyWorkload(Big("web", job: false, 'b')), "3000m + 3000m over a 3000m quota");

        _h.Fleet.ReportStatus(_a1, 0, [Reported("batch", ObservedPhase.Succeeded)]);
        var applied = _h.Fleet.ApplyWorkload(Big("web", job: false, 'b'));

        Assert.That(applied.Changed, Is.True);
        Assert.That(_h.Fleet.ListTenants().Single(t => t.Tenant.Id == "team").Used.CpuMillis, Is.EqualTo(3000));
    }

    [Test]
    public void FailedService_KeepsItsRequests()
    {
        _h.Fleet.ApplyWorkload(Big("web", job: false));

        _h.Fleet.ReportStatus(_a1, 0, [Reported("web", ObservedPhase.Failed)]);

        Assert.That(_h.Node("a1").Requested.CpuMillis, Is.EqualTo(3000), "a failed service may be restarted: it keeps its room");
    }

    [Test]
    public void JobFailedFinally_Released_RunningAgain_RequestsAgain()
    {
        _h.Fleet.ApplyWorkload(Big("batch", job: true));

        _h.Fleet.ReportStatus(_a1, 0, [Reported("batch", ObservedPhase.Failed)]);
        var released = _h.Node("a1").Requested.CpuMillis;
        _h.Fleet.ReportStatus(_a1, 0, [Reported("batch", ObservedPhase.Running, minute: 1)]);

        Assert.That((released, _h.Node("a1").Requested.CpuMillis), Is.EqualTo((0L, 3000L)));
    }

    [Test]
    public void JobSucceeded_ControllerRestart_ReleasedAgainFromTheHello()
    {
        _h.Fleet.ApplyWorkload(Big("batch", job: true));
        _h.Fleet.ReportStatus(_a1, 0, [Reported("batch", ObservedPhase.Succeeded)]);

        _h.Restart();
        _h.Connect("a1", Records.Facts(), 0, Reported("batch", ObservedPhase.Succeeded));

        Assert.That(_h.Node("a1").Requested.CpuMillis, Is.Zero);
    }

    [Test]
    public void JobDeletedAndAppliedAgain_RequestsUntilItFinishesAgain()
    {
        _h.Fleet.ApplyWorkload(Big("batch", job: true));
        _h.Fleet.ReportStatus(_a1, 0, [Reported("batch", ObservedPhase.Succeeded)]);

        _h.Fleet.DeleteWorkload("batch");
        _h.Fleet.ApplyWorkload(Big("batch", job: true, 'c'));

        Assert.That(_h.Node("a1").Requested.CpuMillis, Is.EqualTo(3000));
    }
}
