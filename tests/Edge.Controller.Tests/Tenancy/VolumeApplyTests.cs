using Edge.Protos.V1;
using Google.Protobuf;

namespace Edge.Controller.Tests.Tenancy;

/// <summary>Workloads with volumes through the admin API over a real fleet store: validation, the tenant's storage quota, and the spec nodes get.</summary>
[TestFixture]
public sealed class VolumeApplyTests
{
    private static readonly ByteString Module = ByteString.CopyFromUtf8("(module (func (export \"_start\")))");

    private AdminWorld _world = null!;

    [SetUp]
    public void SetUp() => _world = new AdminWorld();

    [TearDown]
    public void TearDown() => _world.Dispose();

    private static ApplyWorkloadRequest Kv(string name, long size, int replicas = 1, string tenant = "acme")
    {
        var request = new ApplyWorkloadRequest { Name = name, Module = Module, Tenant = tenant, Replicas = replicas, Mode = WorkloadMode.Replicated };
        request.Volumes.Add(new WorkloadVolume { Name = "data", Kind = "persistent", MountPath = "/data", SizeBytes = size, ReclaimPolicy = "Retain" });
        request.Volumes.Add(new WorkloadVolume { Name = "tmp", Kind = "scratch", MountPath = "/tmp", SizeBytes = 100L << 20 });
        return request;
    }

    private Task<string> ListAsync() => _world.CallAsync(AdminWorld.FleetAdmin, new ListWorkloadsRequest { Tenant = "acme" });

    [Test]
    public async Task Apply_OverTheTenantsStorageQuota_RefusedNamingStorage_NothingStored()
    {
        await _world.CallOkAsync<Tenant>(AdminWorld.FleetAdmin, new ApplyTenantRequest { Name = "acme", Quota = new TenantQuota { StorageBytes = 1L << 30 } });
        await _world.CallOkAsync<ApplyWorkloadResponse>(AdminWorld.FleetAdmin, Kv("kv", 256L << 20, replicas: 2));
        var before = await ListAsync();

        var refused = await _world.CallAsync(AdminWorld.FleetAdmin, Kv("second", 300L << 20, replicas: 2));

        Assert.That(refused, Does.StartWith("ResourceExhausted"));
        Assert.That(refused, Does.Contain("quota storage: 1112Mi requested, limit 1Gi, exceeded by 88Mi"));
        Assert.That(await ListAsync(), Is.EqualTo(before));
        var tenant = (await _world.CallOkAsync<ListTenantsResponse>(AdminWorld.FleetAdmin, new ListTenantsRequest())).Tenants.Single(t => t.Name == "acme");
        Assert.That(tenant.StorageUsedBytes, Is.EqualTo(512L << 20), "scratch does not count; persistent counts per replica");
        Assert.That(tenant.Quota.StorageBytes, Is.EqualTo(1L << 30));
    }

    [TestCase("disk", "/data", 1024, "kind is not one of scratch, persistent")]
    [TestCase("persistent", "data", 1024, "mountPath 'data' is relative")]
    [TestCase("persistent", "/data/../etc", 1024, "'..' segments")]
    [TestCase("persistent", "/data", 0, "sizeBytes 0 must be between 1 and")]
    [TestCase("persistent", "/data", 17179869185, "sizeBytes 17179869185 must be between 1 and")]
    public async Task Apply_BadVolume_InvalidArgumentNamingTheField_NothingStored(string kind, string path, long size, string problem)
    {
        var request = new ApplyWorkloadRequest { Name = "bad", Module = Module };
        request.Volumes.Add(new WorkloadVolume { Name = "data", Kind = kind, MountPath = path, SizeBytes = size });

        var answer = await _world.CallAsync(AdminWorld.FleetAdmin, request);

        Assert.That(answer, Does.StartWith("InvalidArgument: workload bad: volumes[0] (data)"));
        Assert.That(answer, Does.Contain(problem));
        Assert.That(await _world.CallAsync(AdminWorld.FleetAdmin, new ListWorkloadsRequest()), Does.Not.Contain("\"bad\""));
    }

    [Test]
    public async Task Apply_SameVolumesAgain_Unchanged_AnotherSize_Changed()
    {
        await _world.CallOkAsync<Tenant>(AdminWorld.FleetAdmin, new ApplyTenantRequest { Name = "acme" });
        var first = await _world.CallOkAsync<ApplyWorkloadResponse>(AdminWorld.FleetAdmin, Kv("kv", 1 << 20));
        var same = await _world.CallOkAsync<ApplyWorkloadResponse>(AdminWorld.FleetAdmin, Kv("kv", 1 << 20));
        var bigger = await _world.CallOkAsync<ApplyWorkloadResponse>(AdminWorld.FleetAdmin, Kv("kv", 2 << 20));

        Assert.That((first.Changed, same.Changed, bigger.Changed), Is.EqualTo((true, false, true)));
    }
}
