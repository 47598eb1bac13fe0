using Edge.Ctl.Manifests;
using Edge.Scheduling.Bounds;

namespace Edge.Ctl.Tests.Manifests;

/// <summary>edgectl checks the documented bounds at the field, with file, line and column.</summary>
[TestFixture]
public sealed class ManifestBoundsTests
{
    private const string File = "web.yaml";

    [TestCase("replicas: 2147483647", "spec.replicas", "must be from 0 to 100,000, got 2,147,483,647")]
    [TestCase("replicas: 100001", "spec.replicas", "must be from 0 to 100,000, got 100,001")]
    [TestCase("priority: 2000000", "spec.priority", "must be from -1,000,000 to 1,000,000, got 2,000,000")]
    [TestCase("lostAfter: 721h", "spec.lostAfter", "must be from 1ms to 30d, got 721h")]
    [TestCase("resources: {cpu: 2000, memory: 16Mi}", "spec.resources.cpu", "must be from 0m to 1,000,000m, got 2,000,000m")]
    [TestCase("resources: {cpu: 1, memory: 5000Gi}", "spec.resources.memory", "must be from 0 bytes to 4Ti, got 5000Gi")]
    [TestCase("maxUnavailable: 100001", "spec.maxUnavailable", "must be from 1 to 100,000, got 100,001")]
    public void Parse_NumberPastItsBound_ErrorAtTheFieldNamingTheBound(string line, string field, string problem)
    {
        var error = WorkloadManifestParser.Parse(Workload(line), File).Errors.Single();

        Assert.Multiple(() =>
        {
            Assert.That(error.Field, Is.EqualTo(field));
            Assert.That(error.Problem, Does.Contain(problem));
            Assert.That(error.Location?.Line, Is.EqualTo(7));
        });
    }

    [Test]
    public void Parse_NumbersAtTheirBounds_Accepted()
    {
        var result = WorkloadManifestParser.Parse(Workload("replicas: 100000\n  priority: -1000000\n  lostAfter: 720h"), File);

        Assert.That(result.Errors, Is.Empty);
    }

    [Test]
    public void Parse_TooManyEnvEntriesAndTooLongValue_BothReported()
    {
        var entries = string.Join(", ", Enumerable.Range(0, 257).Select(i => $"V{i}: x"));
        var tooMany = WorkloadManifestParser.Parse(Workload($"env: {{{entries}}}"), File).Errors.Single();
        var tooLong = WorkloadManifestParser.Parse(Workload($"env: {{BIG: {new string('x', 32 * 1024 + 1)}}}"), File).Errors.Single();

        Assert.Multiple(() =>
        {
            Assert.That(tooMany.Field, Is.EqualTo("spec.env"));
            Assert.That(tooMany.Problem, Is.EqualTo("has 257 entries, at most 256 allowed"));
            Assert.That(tooLong.Field, Is.EqualTo("spec.env.BIG"));
            Assert.That(tooLong.Problem, Is.EqualTo("is 32,769 bytes long, at most 32,768 allowed"));
        });
    }

    [Test]
    public void Parse_TooManyArgsAndTolerations_Reported()
    {
        var args = string.Join(", ", Enumerable.Range(0, 257).Select(i => $"a{i}"));
        var tolerations = string.Join(", ", Enumerable.Range(0, 65).Select(i => $"{{key: k{i}, operator: Exists}}"));

        var errors = WorkloadManifestParser.Parse(Workload($"args: [{args}]\n  tolerations: [{tolerations}]"), File).Errors;

        Assert.That(errors.Select(e => (e.Field, e.Problem)), Is.EquivalentTo(new[]
        {
            ("spec.args", "has 257 entries, at most 256 allowed"),
            ("spec.tolerations", "has 65 entries, at most 64 allowed"),
        }));
    }

    [Test]
    public void Parse_TenantQuotaPastItsBound_ErrorAtTheField()
    {
        const string yaml = """
            apiVersion: edge/v1
            kind: Tenant
            metadata:
              name: acme
            spec:
              quota:
                workloads: 20000
            """;

        var (workloads, tenants) = WorkloadManifestParser.ParseAll(yaml, File);

        Assert.Multiple(() =>
        {
            Assert.That(tenants, Is.Empty);
            Assert.That(workloads.Errors.Single().Field, Is.EqualTo("spec.quota.workloads"));
            Assert.That(workloads.Errors.Single().Problem, Is.EqualTo("must be from 0 to 10,000, got 20,000"));
        });
    }

    [Test]
    public void Table_EveryBound_UniqueFieldPerKindAndMinNotAboveMax()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ManifestBounds.All.Select(b => (b.Kind, b.Field)), Is.Unique);
            Assert.That(ManifestBounds.All.Where(b => b.Min > b.Max), Is.Empty);
            Assert.That(ManifestBounds.All, Has.Count.GreaterThanOrEqualTo(40));
        });
    }

    private static string Workload(string specLines) => $"""
        apiVersion: edge/v1
        kind: Workload
        metadata:
          name: web
        spec:
          module: web.wat
          {specLines}
        """;
}
