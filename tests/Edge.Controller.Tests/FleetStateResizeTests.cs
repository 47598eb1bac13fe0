using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Tests;

public sealed class FleetStateResizeTests
{
    private FleetHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new FleetHarness();

    [Test]
    public void ResizeWorkload_Fits_ChangesReservationAndLimitInPlace()
    {
        var a1 = _h.Connect("a1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        var before = _h.Node("a1").DesiredVersion;

        var view = _h.Fleet.ResizeWorkload("web", 250, 128L << 20);

        Assert.Multiple(() =>
        {
            Assert.That(view.ReplicasPlaced, Is.EqualTo(1));
            Assert.That(_h.Node("a1").Requested, Is.EqualTo(new ResourceAmount(250, 128L << 20)), "same node, new reservation");
            var stored = _h.Store.LoadWorkloads().Single();
            Assert.That((stored.Placement.CpuMillis, stored.Placement.MemoryBytes, stored.Limits!.MemoryBytes), Is.EqualTo((250L, 128L << 20, 128L << 20)));
            Assert.That(_h.Node("a1").DesiredVersion, Is.EqualTo(before + 1), "the node gets the new limit");
        });
    }

    [TestCase(-1L, null, "cpu must be 0 or more millicores, got -1")]
    [TestCase(null, 1000L, "memory must be between 65536 bytes")]
    [TestCase(null, null, "give cpu, memory or both")]
    public void ResizeWorkload_BadValue_RefusedNamingTheFieldAndChangesNothing(long? cpu, long? memory, string message)
    {
        _h.Connect("a1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        var writes = _h.Store.WorkloadWrites;

        var ex = Assert.Throws<FleetException>(() => _h.Fleet.ResizeWorkload("web", cpu, memory));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Error, Is.EqualTo(FleetError.Invalid));
            Assert.That(ex.Message, Does.Contain(message));
            Assert.That(_h.Store.WorkloadWrites, Is.EqualTo(writes));
            Assert.That(_h.Node("a1").Requested, Is.EqualTo(new ResourceAmount(100, 64L << 20)));
        });
    }

    [Test]
    public void ResizeWorkload_NoLongerFitsWhereItRuns_RefusedNamingNodeAndChangesNothing()
    {
        _h.Connect("a1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        var version = _h.Node("a1").DesiredVersion;

        var ex = Assert.Throws<FleetException>(() => _h.Fleet.ResizeWorkload("web", 5000, null));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Error, Is.EqualTo(FleetError.Precondition));
            Assert.That(ex.Message, Does.Contain("node a1 would need 5000m cpu of 4000m allocatable"));
            Assert.That(_h.Node("a1").Requested.CpuMillis, Is.EqualTo(100));
            Assert.That(_h.Node("a1").DesiredVersion, Is.EqualTo(version));
            Assert.That(_h.Store.LoadWorkloads().Single().Placement.CpuMillis, Is.EqualTo(100));
        });
    }

    [Test]
    public void ResizeWorkload_OverTenantQuota_RefusedAndChangesNothing()
    {
        _h.Fleet.ApplyTenant(new TenantRecord { Id = "team", MemoryBytes = 256L << 20 });
        _h.Connect("a1", Records.Facts());
        _h.Connect("a2", Records.Facts());
        var workload = Records.Replicated("web", 2);
        workload.Placement.Tenant = "team";
        _h.Fleet.ApplyWorkload(workload);

        var ex = Assert.Throws<FleetException>(() => _h.Fleet.ResizeWorkload("web", null, 200L << 20));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Error, Is.EqualTo(FleetError.QuotaExceeded));
            Assert.That(_h.Store.LoadWorkloads().Single().Limits, Is.Null);
            Assert.That(_h.Fleet.Utilization().Requested.MemoryBytes, Is.EqualTo(2 * (64L << 20)));
        });
    }

    [Test]
    public void ResizeWorkload_Unknown_NotFound() =>
        Assert.That(() => _h.Fleet.ResizeWorkload("nope", 100, null),
            Throws.InstanceOf<FleetException>().With.Property(nameof(FleetException.Error)).EqualTo(FleetError.NotFound));
}
