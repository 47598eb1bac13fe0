using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

public sealed class WorkloadSpecTests
{
    [Test]
    public void DiffersFrom_SameContentInOtherCollections_IsFalse()
    {
        var a = Specs.Workload("web") with { Args = ["x"], Env = new Dictionary<string, string> { ["K"] = "V" } };
        var b = Specs.Workload("web") with { Args = new List<string> { "x" }, Env = new Dictionary<string, string> { ["K"] = "V" } };

        Assert.That(a.DiffersFrom(b), Is.False);
    }

    [Test]
    public void DiffersFrom_ExtraEnvVariable_IsTrue()
    {
        var a = Specs.Workload("web");
        var b = a with { Env = new Dictionary<string, string> { ["K"] = "V" } };

        Assert.That(a.DiffersFrom(b), Is.True);
        Assert.That(b.DiffersFrom(a), Is.True);
    }

    [Test]
    public void DiffersFrom_OnlyModuleSize_IsFalse()
    {
        var a = Specs.Workload("web");

        Assert.That(a.DiffersFrom(a with { ModuleSizeBytes = 1 }), Is.False);
    }
}
