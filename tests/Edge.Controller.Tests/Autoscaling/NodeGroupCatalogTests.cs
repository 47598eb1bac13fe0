using Edge.Controller.Autoscaling;
using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Tests.Autoscaling;

/// <summary>Node groups as admins apply them: every bad field named, and a refusal stores nothing.</summary>
public sealed class NodeGroupCatalogTests
{
    private NodeAutoscalerHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new NodeAutoscalerHarness();

    [TearDown]
    public void TearDown() => _h.Dispose();

    private static IEnumerable<TestCaseData> BadGroups()
    {
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => (g.MinSize, g.MaxSize) = (4, 3)), "spec.max: must be at least spec.min (4), got 3").SetName("Apply_MinAboveMax_Refused");
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => g.MinSize = -1), "spec.min: must be from 0").SetName("Apply_NegativeMin_Refused");
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => g.Provider = "azure"), "spec.provider: unknown provider \"azure\"; the controller's configuration (Controller:NodeAutoscaling:Providers) defines wake").SetName("Apply_UnknownProvider_Refused");
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => g.Provider = ""), "spec.provider: required").SetName("Apply_NoProvider_Refused");
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => g.CpuMillis = 0), "spec.template.cpu: must be more than 0").SetName("Apply_ZeroCpu_Refused");
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => g.MemoryBytes = -1), "spec.template.memory: must be more than 0 bytes").SetName("Apply_NegativeMemory_Refused");
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => g.Labels["edge.io/nodegroup"] = "other"), "spec.template.labels: edge.io/nodegroup is the group's own name \"pi\"").SetName("Apply_ForeignGroupLabel_Refused");
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => g.Taints.Add(new TaintRecord { Key = "", Effect = TaintEffect.NoSchedule })), "spec.template.taints: taint key \"\" must be non-empty").SetName("Apply_EmptyTaintKey_Refused");
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => g.Cost = double.NaN), "spec.cost: must be a number 0 or more").SetName("Apply_NaNCost_Refused");
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => g.Id = "Pi_1"), "metadata.name: \"Pi_1\" is not a DNS label").SetName("Apply_BadName_Refused");
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => g.MaxWorkloads = 10_001), "spec.template.maxWorkloads: must be from 0 to 10,000, got 10,001").SetName("Apply_MaxWorkloadsTooHigh_Refused");
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => g.ExtendedResources["gpu"] = 1), "spec.template.extendedResources: \"gpu\" is not an extended resource name").SetName("Apply_DeviceWithoutDomain_Refused");
        yield return new TestCaseData(new Action<NodeGroupRecord>(g => g.ExtendedResources["edge.io/gpu"] = -1), "spec.template.extendedResources: edge.io/gpu: must be a whole number from 0 to 1,000,000, got -1").SetName("Apply_NegativeDevices_Refused");
    }

    [TestCaseSource(nameof(BadGroups))]
    public void Apply_BadField_RefusedNamingTheFieldAndNothingStored(Action<NodeGroupRecord> spoil, string expected)
    {
        var group = NodeAutoscalerHarness.Group();
        spoil(group);

        var refused = Assert.Throws<FleetException>(() => _h.Catalog.Apply(group));

        Assert.That(refused!.Error, Is.EqualTo(FleetError.Invalid));
        Assert.That(refused.Message, Does.Contain(expected));
        Assert.That(_h.GroupStore.Writes, Is.Zero);
        Assert.That(_h.Catalog.List(), Is.Empty);
    }

    [Test]
    public void Apply_BadChangeToAnExistingGroup_OldSpecKept()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group(max: 5));

        Assert.Throws<FleetException>(() => _h.Catalog.Apply(NodeAutoscalerHarness.Group(min: 6, max: 5)));

        Assert.That(_h.Catalog.Get("pi")!.MinSize, Is.Zero);
        Assert.That(_h.GroupStore.Writes, Is.EqualTo(1));
    }

    [Test]
    public void Apply_SameSpecTwice_StoredOnceAndReportedUnchanged()
    {
        var first = _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        var second = _h.Catalog.Apply(NodeAutoscalerHarness.Group());

        Assert.That((first.Changed, second.Changed), Is.EqualTo((true, false)));
        Assert.That(_h.GroupStore.Writes, Is.EqualTo(1));
    }

    [Test]
    public void New_GroupsInTheStore_LoadedBack()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group("pi"));
        _h.Catalog.Apply(NodeAutoscalerHarness.Group("vm", max: 2));

        var reloaded = new NodeGroupCatalog(_h.GroupStore, Microsoft.Extensions.Options.Options.Create(_h.Options), _h.Fleet.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<NodeGroupCatalog>.Instance);

        Assert.That(reloaded.List().Select(g => (g.Id, g.MaxSize)), Is.EqualTo(new[] { ("pi", 5), ("vm", 2) }));
    }

    [Test]
    public void Delete_UnknownGroup_NotFound()
    {
        var refused = Assert.Throws<FleetException>(() => _h.Catalog.Delete("nope"));

        Assert.That(refused!.Error, Is.EqualTo(FleetError.NotFound));
        Assert.That(refused.Message, Does.Contain("node group \"nope\" not found"));
    }
}
