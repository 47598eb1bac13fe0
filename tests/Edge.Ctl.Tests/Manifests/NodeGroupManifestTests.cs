using Edge.Ctl.Commands;
using Edge.Ctl.Manifests;
using Edge.Ctl.Tests.Support;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;

namespace Edge.Ctl.Tests.Manifests;

/// <summary>kind: NodeGroup manifests: every field read, every problem named, nothing sent from a bad file.</summary>
[TestFixture]
public sealed class NodeGroupManifestTests
{
    private const string File = "groups.yaml";

    private static string Manifest(string spec) => $"""
        apiVersion: edge/v1
        kind: NodeGroup
        metadata:
          name: pi
        spec:
        {spec}
        """;

    [Test]
    public void ParseEveryKind_EveryField_ReadIntoTheGroupAndProvider()
    {
        var (workloads, _, _, groups) = WorkloadManifestParser.ParseEveryKind(Manifest("""
              min: 1
              max: 8
              priority: 10
              cost: 0.02
              provider: wake-pi
              template:
                cpu: 4
                memory: 4Gi
                labels: {edge.io/arch: arm64}
                taints: ["edge.io/new=yes:PreferNoSchedule"]
            """), File);

        Assert.That(workloads.Errors, Is.Empty, () => string.Join("; ", workloads.Errors));
        var (group, provider) = groups.Single();
        Assert.Multiple(() =>
        {
            Assert.That(provider, Is.EqualTo("wake-pi"));
            Assert.That((group.Name, group.MinSize, group.MaxSize, group.Priority, group.Cost), Is.EqualTo(("pi", 1, 8, 10, 0.02)));
            Assert.That(group.Template.Allocatable, Is.EqualTo(new ResourceAmount(4000, 4L << 30)));
            Assert.That(group.Template.Labels, Is.EqualTo(new Dictionary<string, string> { ["edge.io/arch"] = "arm64" }));
            Assert.That(group.Template.Taints, Is.EqualTo(new[] { new Taint("edge.io/new", "yes", TaintEffect.PreferNoSchedule) }));
        });
    }

    [Test]
    public void ParseEveryKind_TemplateMaxWorkloadsAndDevices_ReadAndSent()
    {
        var (workloads, _, _, groups) = WorkloadManifestParser.ParseEveryKind(Manifest("""
              max: 4
              provider: wake-jetson
              template:
                cpu: 8
                memory: 16Gi
                maxWorkloads: 6
                extendedResources: {edge.io/gpu: 2}
            """), File);

        Assert.That(workloads.Errors, Is.Empty, () => string.Join("; ", workloads.Errors));
        var request = NodeGroupCommands.ToRequest(groups.Single());
        Assert.Multiple(() =>
        {
            Assert.That(groups.Single().Group.Template.MaxWorkloads, Is.EqualTo(6));
            Assert.That(groups.Single().Group.Template.ExtendedResources["edge.io/gpu"], Is.EqualTo(2));
            Assert.That(request.Template.MaxWorkloads, Is.EqualTo(6));
            Assert.That(request.Template.ExtendedResources["edge.io/gpu"], Is.EqualTo(2));
        });
    }

    [TestCase("max: 3\n  min: 4\n  provider: wake\n  template: {cpu: 1, memory: 1Gi}", "spec.max", "must be at least min (4), got 3")]
    [TestCase("max: 3\n  template: {cpu: 1, memory: 1Gi}", "spec.provider", "required field is missing")]
    [TestCase("max: 3\n  provider: Wake_Pi\n  template: {cpu: 1, memory: 1Gi}", "spec.provider", "\"Wake_Pi\" is not a provider name (a DNS label defined in the controller's Controller:NodeAutoscaling:Providers)")]
    [TestCase("provider: wake\n  template: {cpu: 1, memory: 1Gi}", "spec.max", "required field is missing")]
    [TestCase("max: 3\n  provider: wake\n  template: {cpu: 0, memory: 1Gi}", "spec.template.cpu", "must be more than 0, got 0m")]
    [TestCase("max: 3\n  provider: wake\n  template: {cpu: 1}", "spec.template.memory", "required field is missing")]
    [TestCase("max: 3\n  provider: wake\n  template: {cpu: 1, memory: 1Gi, taints: [\"edge.io/x:Sometimes\"]}", "spec.template.taints[0]", "a taint is key[=value]:NoSchedule|PreferNoSchedule|NoExecute, got \"edge.io/x:Sometimes\"")]
    [TestCase("max: 3\n  provider: wake\n  template: {cpu: 1, memory: 1Gi, labels: {edge.io/nodegroup: vm}}", "spec.template.labels", "edge.io/nodegroup is the group's own name \"pi\" on its nodes, not \"vm\"; leave it out")]
    [TestCase("max: 3\n  provider: wake\n  command: /bin/sh\n  template: {cpu: 1, memory: 1Gi}", "spec.command", "unknown field; allowed here: provider, min, max, priority, cost, template")]
    [TestCase("max: 100001\n  provider: wake\n  template: {cpu: 1, memory: 1Gi}", "spec.max", "must be a whole number from 0 to 100000, got \"100001\"")]
    [TestCase("max: 3\n  provider: wake\n  cost: -1\n  template: {cpu: 1, memory: 1Gi}", "spec.cost", "must be a number from 0 to 1000000000, got \"-1\"")]
    [TestCase("max: 3\n  provider: wake\n  template: {cpu: 1, memory: 1Gi, maxWorkloads: 10001}", "spec.template.maxWorkloads", "must be a whole number from 0 to 10000, got \"10001\"")]
    [TestCase("max: 3\n  provider: wake\n  template: {cpu: 1, memory: 1Gi, extendedResources: {gpu: 1}}", "spec.template.extendedResources.gpu",
        "\"gpu\" is not an extended resource name: a domain prefix and a name, e.g. edge.io/gpu or example.com/camera")]
    [TestCase("max: 3\n  provider: wake\n  template: {cpu: 1, memory: 1Gi, extendedResources: {edge.io/gpu: two}}", "spec.template.extendedResources.edge.io/gpu",
        "must be a whole number from 0 to 1,000,000, got \"two\"")]
    public void ParseEveryKind_BadField_NamedAndNothingKept(string spec, string field, string problem)
    {
        var (workloads, _, _, groups) = WorkloadManifestParser.ParseEveryKind(Manifest("  " + spec), File);

        Assert.That(groups, Is.Empty);
        Assert.That(workloads.Errors.Select(e => (e.Field, e.Problem)), Does.Contain((field, problem)), () => string.Join("; ", workloads.Errors));
    }

    [Test]
    public void ParseEveryKind_GroupTwiceInAFile_Refused()
    {
        var one = Manifest("  max: 2\n  provider: wake\n  template: {cpu: 1, memory: 1Gi}");

        var (workloads, _, _, groups) = WorkloadManifestParser.ParseEveryKind(one + "\n---\n" + one, File);

        Assert.That(groups, Is.Empty);
        Assert.That(workloads.Errors.Single().Problem, Is.EqualTo("node group \"pi\" is already defined in this file"));
    }

    [Test]
    public void ParseEveryKind_BadWorkloadBesideAGoodGroup_GroupNotKeptEither()
    {
        var text = Manifest("  max: 2\n  provider: wake\n  template: {cpu: 1, memory: 1Gi}")
            + "\n---\napiVersion: edge/v1\nkind: Workload\nmetadata: {name: web}\nspec: {module: web.wat, replicas: -1}\n";

        var (workloads, _, _, groups) = WorkloadManifestParser.ParseEveryKind(text, File);

        Assert.That(workloads.IsValid, Is.False);
        Assert.That(groups, Is.Empty, "a file with any problem applies nothing");
    }

    [Test]
    public void ParseEveryKind_UnknownKind_ListsNodeGroupAmongTheKinds()
    {
        var (workloads, _, _, _) = WorkloadManifestParser.ParseEveryKind("apiVersion: edge/v1\nkind: NodePool\nmetadata: {name: x}\nspec: {}\n", File);

        Assert.That(workloads.Errors.Select(e => e.Problem), Does.Contain("must be \"Workload\", \"Tenant\", \"WorkloadAutoscaler\" or \"NodeGroup\", got \"NodePool\""));
    }

    [Test]
    public void ToRequest_Group_CarriedInTheRequest()
    {
        var (_, _, _, groups) = WorkloadManifestParser.ParseEveryKind(Manifest("""
              max: 4
              provider: wake
              priority: 3
              template: {cpu: 500m, memory: 256Mi, labels: {zone: a}, taints: ["dedicated:NoSchedule"]}
            """), File);

        var request = NodeGroupCommands.ToRequest(groups.Single());

        Assert.Multiple(() =>
        {
            Assert.That((request.Name, request.MinSize, request.MaxSize, request.Priority, request.Provider), Is.EqualTo(("pi", 0, 4, 3, "wake")));
            Assert.That((request.Template.Allocatable.CpuMillicores, request.Template.Allocatable.MemoryBytes), Is.EqualTo((500L, 256L << 20)));
            Assert.That(request.Template.Labels["zone"], Is.EqualTo("a"));
            Assert.That(request.Template.Taints.Single(), Has.Property("Key").EqualTo("dedicated").And.Property("Effect").EqualTo("NoSchedule"));
        });
    }

    [Test]
    public async Task Apply_BadNodeGroup_ExitsWithUsageBeforeAnyCall()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("groups.yaml", Manifest("  min: 5\n  max: 3\n  provider: wake\n  template: {cpu: 1, memory: 1Gi}"));

        // Port 1 has no controller: reaching it would fail differently than the manifest check.
        var run = await CtlRun.RunAsync("--controller", "http://127.0.0.1:1", "apply", "-f", path);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage), run.ToString());
        Assert.That(run.Error, Does.Contain("groups.yaml:7:8: spec.max: must be at least min (5), got 3"));
    }
}
