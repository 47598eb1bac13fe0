using Edge.Ctl.Manifests;
using Edge.Scheduling;

namespace Edge.Ctl.Tests.Manifests;

/// <summary>Every manifest under samples/ parses as edgectl apply would check it (some modules are built, so not read here).</summary>
[TestFixture]
public sealed class SampleManifestTests
{
    private static readonly string Samples = Path.Combine(FindRoot(), "samples");

    /// <summary>Manifests for `edgectl apply`; `kind: Scenario` files are for `edgectl simulate` and tested there.</summary>
    public static IEnumerable<string> Manifests() =>
        Directory.EnumerateFiles(Samples, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !File.ReadLines(f).Any(line => line.Trim() == "kind: Scenario"))
            .Select(f => Path.GetRelativePath(Samples, f)).Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(Manifests))]
    public async Task ParseAll_Sample_Valid(string relative)
    {
        var path = Path.Combine(Samples, relative);
        var (workloads, tenants, autoscalers, nodeGroups) = WorkloadManifestParser.ParseEveryKind(await File.ReadAllTextAsync(path), path);

        Assert.That(workloads.Errors, Is.Empty, () => string.Join("; ", workloads.Errors));
        Assert.That(workloads.Items.Count + tenants.Count + autoscalers.Count + nodeGroups.Count, Is.GreaterThan(0));
    }

    [Test]
    public async Task LoadAllAsync_PlacementSamples_ReplicatedAndGlobalInTenantShop()
    {
        var web = (await ManifestLoader.LoadAllAsync(Path.Combine(Samples, "placement", "web.yaml"), CancellationToken.None)).Workloads.Items.Single();
        var collector = (await ManifestLoader.LoadAllAsync(Path.Combine(Samples, "placement", "collector.yaml"), CancellationToken.None)).Workloads.Items.Single();
        var hello = (await ManifestLoader.LoadAllAsync(Path.Combine(Samples, "hello", "workload.yaml"), CancellationToken.None)).Workloads.Items.Single();

        Assert.Multiple(() =>
        {
            Assert.That((web.Manifest.Placement.Mode, web.Manifest.Placement.Replicas, web.Manifest.Placement.Tenant), Is.EqualTo((PlacementMode.Replicated, 3, "shop")));
            Assert.That(collector.Manifest.Placement.Mode, Is.EqualTo(PlacementMode.Global));
            Assert.That(hello.Manifest.Placement.Mode, Is.EqualTo(PlacementMode.Global), "manifests without replicas stay global");
        });
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Edge.sln not found above " + AppContext.BaseDirectory);
    }
}
