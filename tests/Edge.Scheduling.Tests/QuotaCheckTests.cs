using Edge.Scheduling;
using static Edge.Scheduling.Tests.Fleet;

namespace Edge.Scheduling.Tests;

public sealed class QuotaCheckTests
{
    private static readonly TenantQuota Quota = new() { Tenant = "shop", CpuMillis = 2000, MemoryBytes = 2 * Gi, Replicas = 10, Workloads = 2 };

    [Test]
    public void Check_ExtendedResourceQuota_CountsEveryReplicasDevicesAndNamesTheQuota()
    {
        var quota = Quota with { Extended = new Dictionary<string, long> { ["edge.io/gpu"] = 3 } };
        var gpu = new Dictionary<string, long> { ["edge.io/gpu"] = 1 };
        var existing = Workload("a", replicas: 2) with { Tenant = "shop", ExtendedRequests = gpu };

        var within = QuotaCheck.Check(quota, [existing], Workload("b", replicas: 1) with { Tenant = "shop", ExtendedRequests = gpu });
        var over = QuotaCheck.Check(quota, [existing], Workload("b", replicas: 2) with { Tenant = "shop", ExtendedRequests = gpu });
        var other = QuotaCheck.Check(quota, [existing], Workload("b", replicas: 2) with { Tenant = "shop", ExtendedRequests = new Dictionary<string, long> { ["example.com/camera"] = 5 } });

        Assert.Multiple(() =>
        {
            Assert.That(within.Allowed, Is.True);
            Assert.That(over.Refusals, Is.EqualTo(new[] { new QuotaRefusal("requests.edge.io/gpu", 3, 4) }));
            Assert.That(over.ToString(), Is.EqualTo("tenant shop: quota requests.edge.io/gpu: 4 requested, limit 3, exceeded by 1"));
            Assert.That(other.Allowed, Is.True, "a resource without a quota is unlimited");
        });
    }

    [Test]
    public void Check_WithinEveryLimit_Allowed()
    {
        var decision = QuotaCheck.Check(Quota, [Workload("a", cpu: 500, replicas: 2) with { Tenant = "shop" }], Workload("b", cpu: 100, replicas: 3) with { Tenant = "shop" });

        Assert.That(decision.Allowed, Is.True);
    }

    [Test]
    public void Check_CpuOver_RefusalNamesQuotaAndExcess()
    {
        var existing = Workload("a", cpu: 500, replicas: 2) with { Tenant = "shop" };

        var decision = QuotaCheck.Check(Quota, [existing], Workload("b", cpu: 400, replicas: 3) with { Tenant = "shop" });

        Assert.Multiple(() =>
        {
            Assert.That(decision.Allowed, Is.False);
            Assert.That(decision.Refusals, Is.EqualTo(new[] { new QuotaRefusal("cpu", 2000, 2200) }));
            Assert.That(decision.Refusals[0].ExceededBy, Is.EqualTo(200));
            Assert.That(decision.ToString(), Is.EqualTo("tenant shop: quota cpu: 2200m requested, limit 2000m, exceeded by 200m"));
        });
    }

    [Test]
    public void Check_ScaleUp_ReplacesTheWorkloadsOldCountAndReportsEveryExcess()
    {
        var old = Workload("a", cpu: 100, memoryMi: 256, replicas: 2) with { Tenant = "shop" };

        var decision = QuotaCheck.Check(Quota, [old], old with { Replicas = 12 });

        Assert.That(decision.Refusals.Select(r => r.ToString()), Is.EqualTo(new[]
        {
            "quota memory: 3Gi requested, limit 2Gi, exceeded by 1Gi",
            "quota replicas: 12 requested, limit 10, exceeded by 2",
        }));
    }

    [Test]
    public void Check_ThirdWorkload_RefusedByWorkloadCount()
    {
        var existing = new[] { Workload("a") with { Tenant = "shop" }, Workload("b") with { Tenant = "shop" }, Workload("c") with { Tenant = "other" } };

        var decision = QuotaCheck.Check(Quota, existing, Workload("d") with { Tenant = "shop" });

        Assert.That(decision.Refusals.Single().ToString(), Is.EqualTo("quota workloads: 3 requested, limit 2, exceeded by 1"));
    }

    [Test]
    public void Check_GlobalWorkload_CountsTargetedNodes()
    {
        var daemon = Workload("agent", cpu: 100) with { Tenant = "shop", Mode = PlacementMode.Global };

        var decision = QuotaCheck.Check(Quota, [], daemon, w => w.Mode == PlacementMode.Global ? 25 : w.Replicas);

        Assert.That(decision.Refusals.Select(r => r.Quota), Is.EqualTo(new[] { "cpu", "memory", "replicas" }));
    }

    [Test]
    public void Check_NoQuota_Allowed()
    {
        Assert.That(QuotaCheck.Check(null, [], Workload("a", cpu: 1_000_000)).Allowed, Is.True);
    }

    [Test]
    public void Check_StorageOver_CountsPersistentBytesOverEveryReplica()
    {
        var quota = new TenantQuota { Tenant = "shop", StorageBytes = 10 * Gi };
        var existing = Workload("a", replicas: 2) with { Tenant = "shop", StorageBytes = 3 * Gi };

        var allowed = QuotaCheck.Check(quota, [existing], Workload("b", replicas: 1) with { Tenant = "shop", StorageBytes = 4 * Gi });
        var refused = QuotaCheck.Check(quota, [existing], Workload("b", replicas: 2) with { Tenant = "shop", StorageBytes = 4 * Gi });

        Assert.That(allowed.Allowed, Is.True);
        Assert.That(refused.Refusals, Is.EqualTo(new[] { new QuotaRefusal("storage", 10 * Gi, 14 * Gi) }));
    }
}
