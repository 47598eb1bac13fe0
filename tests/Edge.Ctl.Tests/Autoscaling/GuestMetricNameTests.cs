using Edge.Ctl.Commands;
using Edge.Ctl.Manifests;

namespace Edge.Ctl.Tests.Autoscaling;

/// <summary>guest:NAME and the measured columns in autoscale flags and WorkloadAutoscaler manifests.</summary>
[TestFixture]
public sealed class GuestMetricNameTests
{
    private const string File = "hpa.yaml";

    [Test]
    public void ToSpec_GuestAndMeasuredNames_Accepted()
    {
        var (spec, error) = AutoscaleFlags.ToSpec("web", 1, 5, null, 50, ["guest:requests=20", "memory_bytes=1000000"], ["guest:queue_depth=8"], null);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(spec!.Metrics.Select(m => $"{m.Source}/{m.Name}/{m.Target}"), Is.EqualTo(new[]
            {
                "Resource/memory/50", "Pods/guest:requests/20", "Pods/memory_bytes/1000000", "External/guest:queue_depth/8",
            }));
        });
    }

    [TestCase("guest:=5", "--metric: guest metric \"guest:\": the name after \"guest:\" must match [a-zA-Z_][a-zA-Z0-9_]{0,63}")]
    [TestCase("guest:2fast=5", "--metric: guest metric \"guest:2fast\"")]
    [TestCase("cpu=5", "--metric: unknown metric \"cpu\"; known: invocations_per_s")]
    public void ToSpec_BadName_NamesTheFlagAndTheRule(string metric, string expected)
    {
        var (spec, error) = AutoscaleFlags.ToSpec("web", 1, 5, null, null, [metric], [], null);

        Assert.Multiple(() =>
        {
            Assert.That(spec, Is.Null);
            Assert.That(error, Does.StartWith(expected));
        });
    }

    [Test]
    public void ParseFile_GuestMetric_Read()
    {
        var (workloads, _, autoscalers, _) = WorkloadManifestParser.ParseEveryKind(Manifest("[{type: Pods, name: \"guest:requests\", averageValue: 20}, {type: External, name: cpu_millicores, averageValue: 300}]"), File);

        Assert.Multiple(() =>
        {
            Assert.That(workloads.Errors, Is.Empty, string.Join("\n", workloads.Errors));
            Assert.That(autoscalers.Single().Spec.Metrics.Select(m => m.Name), Is.EqualTo(new[] { "guest:requests", "cpu_millicores" }));
        });
    }

    [TestCase("[{type: Pods, name: \"guest:bad-name\", averageValue: 20}]", "spec.metrics[0].name", "guest metric \"guest:bad-name\": the name after \"guest:\" must match")]
    [TestCase("[{type: Pods, name: invocations_per_s, averageValue: 2}, {type: External, name: \"guest:\", value: 3}]", "spec.metrics[1].name", "guest metric \"guest:\"")]
    [TestCase("[{type: External, name: rss_bytes, value: 3}]", "spec.metrics[0].name", "unknown External metric \"rss_bytes\"; known: invocations_per_s, failures_per_s, latency_p50_ms, latency_p99_ms, warm_instances, busy_instances, queued_requests, cpu_millicores, memory_bytes, memory_peak_bytes, or guest:NAME")]
    public void ParseFile_BadName_NamesTheFieldAndYieldsNothing(string metrics, string field, string problem)
    {
        var (workloads, _, autoscalers, _) = WorkloadManifestParser.ParseEveryKind(Manifest(metrics), File);

        Assert.Multiple(() =>
        {
            Assert.That(workloads.Errors.Single(e => e.Field == field).Problem, Does.Contain(problem));
            Assert.That(autoscalers, Is.Empty);
        });
    }

    private static string Manifest(string metrics) => $"""
        apiVersion: edge/v1
        kind: WorkloadAutoscaler
        metadata: {"{"}name: web{"}"}
        spec:
          workload: web
          maxReplicas: 5
          metrics: {metrics}
        """;
}
