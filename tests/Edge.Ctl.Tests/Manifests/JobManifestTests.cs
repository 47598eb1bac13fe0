using Edge.Agent.Core;
using Edge.Ctl.Manifests;

namespace Edge.Ctl.Tests.Manifests;

/// <summary>spec.restartPolicy, spec.backoffLimit and spec.http.output.</summary>
[TestFixture]
public sealed class JobManifestTests
{
    private const string File = "job.yaml";

    private static string Manifest(string spec) => $"""
        apiVersion: edge/v1
        kind: Workload
        metadata:
          name: report
        spec:
          module: report.wat
        {spec}
        """;

    [Test]
    public void Parse_RestartPolicyAndBackoffLimit_ReadsTheJob()
    {
        var result = WorkloadManifestParser.Parse(Manifest("  restartPolicy: OnFailure\n  backoffLimit: 3"), File);

        Assert.That(result.Errors, Is.Empty, () => string.Join("; ", result.Errors));
        Assert.That(result.Items.Single().Job, Is.EqualTo(new JobSpec { RestartPolicy = RestartPolicy.OnFailure, BackoffLimit = 3 }));
    }

    [Test]
    public void Parse_RestartPolicyAlone_TakesKubernetesDefaultBackoffLimit()
    {
        var result = WorkloadManifestParser.Parse(Manifest("  restartPolicy: Never"), File);

        Assert.That(result.Items.Single().Job, Is.EqualTo(new JobSpec { RestartPolicy = RestartPolicy.Never, BackoffLimit = 6 }));
    }

    [Test]
    public void Parse_NeitherField_IsNoJobSettingsAndWagiOutput()
    {
        var manifest = WorkloadManifestParser.Parse(Manifest(""), File).Items.Single();

        Assert.Multiple(() =>
        {
            Assert.That(manifest.Job, Is.Null);
            Assert.That(manifest.HttpOutput, Is.Empty);
        });
    }

    [Test]
    public void Parse_HttpOutputRaw_ReadsIt()
    {
        var result = WorkloadManifestParser.Parse(Manifest("  triggers: [{kind: http}]\n  http: {output: raw}"), File);

        Assert.That(result.Errors, Is.Empty, () => string.Join("; ", result.Errors));
        Assert.That(result.Items.Single().HttpOutput, Is.EqualTo("raw"));
    }

    [TestCase("  restartPolicy: Always", "spec.restartPolicy", "\"Always\" is not one of Never, OnFailure")]
    [TestCase("  backoffLimit: -1", "spec.backoffLimit", "\"-1\" must be a whole number")]
    [TestCase("  backoffLimit: 101", "spec.backoffLimit", "101 must be at most 100")]
    [TestCase("  http: {output: html}", "spec.http.output", "\"html\" is not one of wagi, raw")]
    [TestCase("  http: {mode: raw}", "spec.http.mode", "")]
    [TestCase("  restartPolicy: OnFailure\n  triggers: [{kind: http}]", "spec", "restartPolicy and backoffLimit apply to jobs only")]
    public void Parse_BadSetting_IsRefusedAtItsField(string spec, string field, string expected)
    {
        var result = WorkloadManifestParser.Parse(Manifest(spec), File);

        var error = result.Errors.FirstOrDefault(e => e.Field == field);
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Not.Null, () => "errors were: " + string.Join("; ", result.Errors));
            Assert.That(error?.ToString(), Does.Contain(expected));
            Assert.That(result.Items, Is.Empty, "nothing to apply");
        });
    }
}
