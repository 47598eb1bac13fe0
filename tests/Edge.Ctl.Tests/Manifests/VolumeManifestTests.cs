using Edge.Agent.Core;
using Edge.Ctl.Manifests;

namespace Edge.Ctl.Tests.Manifests;

/// <summary>spec.volumes and a tenant's spec.quota.storage.</summary>
[TestFixture]
public sealed class VolumeManifestTests
{
    private const string File = "kv.yaml";

    private static string Manifest(string volumes) => $"""
        apiVersion: edge/v1
        kind: Workload
        metadata:
          name: kv
        spec:
          module: kv.wasm
          volumes:
        {volumes}
        """;

    [Test]
    public void Parse_ScratchAndPersistent_ReadsEveryField()
    {
        var result = WorkloadManifestParser.Parse(Manifest("""
              - name: data
                kind: persistent
                mountPath: /data
                sizeBytes: 8Mi
                reclaimPolicy: Retain
              - name: tmp
                kind: scratch
                mountPath: /tmp
                sizeBytes: 1Mi
                emptyOn: start
              - name: model
                kind: persistent
                mountPath: /model
                sizeBytes: 65536
                readOnly: true
            """), File);

        Assert.That(result.Errors, Is.Empty, () => string.Join("; ", result.Errors));
        Assert.That(result.Items.Single().Volumes, Is.EqualTo(new[]
        {
            new VolumeSpec { Name = "data", Kind = VolumeKind.Persistent, MountPath = "/data", SizeBytes = 8 << 20, ReclaimPolicy = ReclaimPolicy.Retain },
            new VolumeSpec { Name = "tmp", Kind = VolumeKind.Scratch, MountPath = "/tmp", SizeBytes = 1 << 20, EmptyOn = ScratchEmptyOn.Start },
            new VolumeSpec { Name = "model", Kind = VolumeKind.Persistent, MountPath = "/model", SizeBytes = 65536, ReadOnly = true },
        }));
    }

    [TestCase("kind: disk", "spec.volumes[0].kind: \"disk\" is not one of scratch, persistent")]
    [TestCase("kind: persistent\n    emptyOn: start", "spec.volumes[0].emptyOn: applies to scratch volumes only")]
    [TestCase("kind: scratch\n    reclaimPolicy: Retain", "spec.volumes[0].reclaimPolicy: applies to persistent volumes only")]
    [TestCase("kind: persistent\n    reclaimPolicy: Keep", "spec.volumes[0].reclaimPolicy: \"Keep\" is not one of Delete, Retain")]
    [TestCase("kind: persistent\n    readOnly: maybe", "spec.volumes[0].readOnly: \"maybe\" is not true or false")]
    [TestCase("kind: persistent\n    size: 1Mi", "spec.volumes[0]")]
    public void Parse_BadField_ErrorNamesIt(string fields, string error)
    {
        var yaml = Manifest($"      - name: data\n        mountPath: /data\n        sizeBytes: 1Mi\n        {fields.Replace("\n    ", "\n        ", StringComparison.Ordinal)}");

        var result = WorkloadManifestParser.Parse(yaml, File);

        Assert.That(result.Items, Is.Empty);
        Assert.That(string.Join("\n", result.Errors), Does.Contain(error));
    }

    [Test]
    public void Parse_RelativeMountPathAndDuplicate_RefusedWithTheAgentsRules()
    {
        var result = WorkloadManifestParser.Parse(Manifest("""
              - {name: data, kind: persistent, mountPath: data, sizeBytes: 1Mi}
              - {name: data, kind: scratch, mountPath: /tmp, sizeBytes: 1Mi}
            """), File);

        var errors = string.Join("\n", result.Errors);
        Assert.That(errors, Does.Contain("volumes[0] (data).mountPath 'data' is relative"));
        Assert.That(errors, Does.Contain("volumes[1].name 'data' appears more than once"));
    }

    [Test]
    public void Parse_MissingSize_Required()
    {
        var result = WorkloadManifestParser.Parse(Manifest("      - {name: data, kind: persistent, mountPath: /data}"), File);

        Assert.That(string.Join("\n", result.Errors), Does.Contain("spec.volumes[0].sizeBytes"));
    }

    [Test]
    public void Parse_TenantStorageQuota_Read()
    {
        var (_, tenants) = WorkloadManifestParser.ParseAll("""
            apiVersion: edge/v1
            kind: Tenant
            metadata:
              name: acme
            spec:
              quota:
                storage: 2Gi
            """, File);

        Assert.That(tenants.Single().StorageBytes, Is.EqualTo(2L << 30));
    }
}
