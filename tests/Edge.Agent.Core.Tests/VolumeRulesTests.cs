using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

/// <summary>Bad volume specs are refused with the volume and field named; good ones pass.</summary>
public sealed class VolumeRulesTests
{
    private static VolumeSpec Data(string name = "data", string path = "/data", long size = 1 << 20) =>
        new() { Name = name, Kind = VolumeKind.Persistent, MountPath = path, SizeBytes = size };

    private static List<string> Check(params VolumeSpec[] volumes) => [.. VolumeRules.Check(volumes)];

    [Test]
    public void Check_ScratchAndPersistent_NoProblem() =>
        Assert.That(Check(Data(), new VolumeSpec { Name = "tmp", MountPath = "/tmp", SizeBytes = 4096, EmptyOn = ScratchEmptyOn.Start }), Is.Empty);

    [TestCase("data", "relative is relative")]
    [TestCase("", "is empty")]
    [TestCase("/", "is the root")]
    [TestCase("/data/", "ends with '/'")]
    [TestCase("/data/../etc", "'..' segments")]
    [TestCase("/a//b", "empty, '.' or '..' segments")]
    [TestCase("/a/./b", "empty, '.' or '..' segments")]
    public void Check_BadMountPath_NamesTheField(string path, string problem)
    {
        var errors = Check(Data(path: path));

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith($"volumes[0] (data).mountPath '{path}'"));
        Assert.That(errors[0], Does.Contain(problem.Replace("relative is ", "", StringComparison.Ordinal)));
    }

    [Test]
    public void Check_DuplicateNamesAndPaths_BothNamed()
    {
        var errors = Check(Data(), Data(path: "/other"), Data("logs", "/data"));

        Assert.That(errors, Is.EqualTo(new[]
        {
            "volumes[1].name 'data' appears more than once",
            "volumes[2] (logs).mountPath '/data' is mounted by another volume",
        }));
    }

    [Test]
    public void Check_NestedMountPaths_Refused() =>
        Assert.That(Check(Data(), Data("inner", "/data/inner")), Is.EqualTo(new[]
        {
            "volumes[1] (inner).mountPath '/data/inner' overlaps the mountPath '/data' of another volume (one may not lie inside another)",
        }));

    [Test]
    public void Check_SiblingWithCommonPrefix_Allowed() =>
        Assert.That(Check(Data(), Data("database", "/database")), Is.Empty);

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(VolumeRules.MaxSizeBytes + 1)]
    public void Check_SizeOutOfBounds_NamesTheBound(long size) =>
        Assert.That(Check(Data(size: size)), Is.EqualTo(new[] { $"volumes[0] (data).sizeBytes {size} must be between 1 and 17179869184 (16 GiB)" }));

    [Test]
    public void Check_UnknownKindEmptyOnAndReclaim_EachNamed()
    {
        var errors = Check(Data() with { Kind = (VolumeKind)(-1), EmptyOn = (ScratchEmptyOn)(-1), ReclaimPolicy = (ReclaimPolicy)(-1) });

        Assert.That(errors, Is.EqualTo(new[]
        {
            "volumes[0] (data).kind is not one of scratch, persistent",
            "volumes[0] (data).emptyOn is not one of run, start",
            "volumes[0] (data).reclaimPolicy is not one of Delete, Retain",
        }));
    }

    [Test]
    public void Check_ReadOnlyScratch_Refused() =>
        Assert.That(Check(new VolumeSpec { Name = "tmp", MountPath = "/tmp", SizeBytes = 1, ReadOnly = true }).Single(), Does.Contain("readOnly"));

    [Test]
    public void Check_BadName_Refused() =>
        Assert.That(Check(Data(name: "Data_1")).Single(), Does.StartWith("volumes[0].name 'Data_1' is not a DNS label"));

    [Test]
    public void Check_TooMany_Refused() =>
        Assert.That(Check([.. Enumerable.Range(0, 9).Select(i => Data($"v{i}", $"/v{i}"))]), Is.EqualTo(new[] { "volumes has 9 entries, at most 8 allowed" }));

    [Test]
    public void WorkloadSpecRules_IncludeVolumes() =>
        Assert.That(WorkloadSpecRules.Check(new WorkloadSpec { Name = "w", ModuleDigest = "", Volumes = [Data(path: "data")] }).Single(), Does.Contain("mountPath 'data' is relative"));

    [Test]
    public void DiffersFrom_AnotherVolume_IsARestartNotInPlace()
    {
        var spec = new WorkloadSpec { Name = "w", ModuleDigest = "", Volumes = [Data()] };
        var bigger = spec with { Volumes = [Data(size: 2 << 20)] };

        Assert.Multiple(() =>
        {
            Assert.That(spec.DiffersFrom(spec with { Volumes = [Data()] }), Is.False);
            Assert.That(spec.DiffersFrom(bigger), Is.True);
            Assert.That(spec.ChangesInPlaceTo(bigger), Is.False);
        });
    }

    [Test]
    public void PersistentBytes_CountsPersistentOnly() =>
        Assert.That(VolumeText.PersistentBytes([Data(size: 100), Data("b", "/b", 50), new VolumeSpec { Name = "t", MountPath = "/t", SizeBytes = 1000 }]), Is.EqualTo(150));
}
