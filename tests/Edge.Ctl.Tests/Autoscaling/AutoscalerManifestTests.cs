using Edge.Ctl.Manifests;
using Edge.Scheduling.Autoscaling;

namespace Edge.Ctl.Tests.Autoscaling;

/// <summary>kind: WorkloadAutoscaler: every field read, every problem named with its field.</summary>
[TestFixture]
public sealed class AutoscalerManifestTests
{
    private const string File = "hpa.yaml";

    private static string Manifest(string spec) => $"""
        apiVersion: edge/v1
        kind: WorkloadAutoscaler
        metadata:
          name: web
        spec:
        {spec}
        """;

    [Test]
    public void ParseFile_EveryField_ReadsThemAll()
    {
        var (workloads, _, autoscalers, _) = WorkloadManifestParser.ParseEveryKind(Manifest("""
              workload: web
              tenant: shop
              minReplicas: 0
              maxReplicas: 40
              tolerance: 0.05
              metrics:
                - {type: Pods, name: invocations_per_s, averageValue: 50}
                - {type: Resource, name: cpu, utilization: 70}
                - {type: External, name: queued_requests, averageValue: 20}
              behavior:
                scaleUp: {stabilizationWindowSeconds: 0, selectPolicy: Max, policies: [{type: Pods, value: 10, periodSeconds: 15}]}
                scaleDown: {stabilizationWindowSeconds: 30, selectPolicy: Min, policies: [{type: Percent, value: 50, periodSeconds: 60}]}
            """), File);

        Assert.That(workloads.Errors, Is.Empty);
        var a = autoscalers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(a.Name, Is.EqualTo("web"));
            Assert.That(a.Tenant, Is.EqualTo("shop"));
            Assert.That(a.Spec.Workload, Is.EqualTo("web"));
            Assert.That(a.Spec.MinReplicas, Is.Zero);
            Assert.That(a.Spec.MaxReplicas, Is.EqualTo(40));
            Assert.That(a.Spec.Tolerance, Is.EqualTo(0.05));
            Assert.That(a.Spec.Metrics.Select(m => (m.Source, m.Name, m.TargetType, m.Target)), Is.EqualTo(new[]
            {
                (MetricSourceType.Pods, "invocations_per_s", MetricTargetType.AverageValue, 50.0),
                (MetricSourceType.Resource, "cpu", MetricTargetType.Utilization, 70.0),
                (MetricSourceType.External, "queued_requests", MetricTargetType.AverageValue, 20.0),
            }));
            Assert.That(a.Spec.ScaleUp.Policies.Single(), Is.EqualTo(new ScalingPolicy(ScalingPolicyType.Pods, 10, 15)));
            Assert.That(a.Spec.ScaleDown.StabilizationWindow, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(a.Spec.ScaleDown.SelectPolicy, Is.EqualTo(SelectPolicy.Min));
        });
    }

    [Test]
    public void ParseFile_NoMetrics_DefaultsToCpuAt80PercentAndKubernetesBehavior()
    {
        var a = WorkloadManifestParser.ParseEveryKind(Manifest("  workload: web\n  maxReplicas: 5"), File).Autoscalers.Single();

        Assert.Multiple(() =>
        {
            Assert.That(a.Tenant, Is.Empty, "unset: the controller picks the caller's tenant");
            Assert.That(a.Spec.MinReplicas, Is.EqualTo(1));
            Assert.That(a.Spec.Metrics.Single(), Is.EqualTo(new MetricSpec { Source = MetricSourceType.Resource, Name = "cpu", TargetType = MetricTargetType.Utilization, Target = 80 }));
            Assert.That(a.Spec.ScaleDown, Is.EqualTo(ScalingRules.DefaultScaleDown));
        });
    }

    [Test]
    public void ParseFile_WorkloadAndItsAutoscaler_BothRead()
    {
        var (workloads, _, autoscalers, _) = WorkloadManifestParser.ParseEveryKind("""
            apiVersion: edge/v1
            kind: Workload
            metadata: {name: web}
            spec: {module: web.wat, replicas: 2}
            ---
            apiVersion: edge/v1
            kind: WorkloadAutoscaler
            metadata: {name: web}
            spec: {workload: web, maxReplicas: 5}
            """, File);

        Assert.Multiple(() =>
        {
            Assert.That(workloads.Items.Single().Name, Is.EqualTo("web"));
            Assert.That(autoscalers.Single().Spec.MaxReplicas, Is.EqualTo(5));
        });
    }

    [TestCase("  workload: web\n  minReplicas: 5\n  maxReplicas: 2", "spec", "maxReplicas must be at least 1 and at least minReplicas (5), got 2")]
    [TestCase("  workload: web\n  maxReplicas: 5\n  metrics: [{type: Pods, name: requests_per_s, averageValue: 5}]", "spec.metrics[0].name", "unknown Pods metric \"requests_per_s\"")]
    [TestCase("  workload: web\n  maxReplicas: 5\n  metrics: [{type: Resource, name: gpu, utilization: 5}]", "spec", "a Resource metric is cpu or memory")]
    [TestCase("  maxReplicas: 5", "spec.workload", "required field is missing")]
    [TestCase("  workload: web", "spec.maxReplicas", "required field is missing")]
    [TestCase("  workload: web\n  maxReplicas: 5\n  replicas: 3", "spec.replicas", "unknown field")]
    [TestCase("  workload: web\n  maxReplicas: 5\n  metrics: [{type: Pods, name: invocations_per_s, utilization: 5, averageValue: 2}]", "spec.metrics[0]", "give exactly one target")]
    [TestCase("  workload: web\n  maxReplicas: 5\n  behavior: {scaleDown: {selectPolicy: Sometimes}}", "spec.behavior.scaleDown.selectPolicy", "must be Max, Min or Disabled")]
    [TestCase("  workload: Web_1\n  maxReplicas: 5", "spec.workload", "not a valid workload name")]
    [TestCase("  workload: web\n  maxReplicas: 5\n  tolerance: 2", "spec.tolerance", "must be a number from 0 to 0.99")]
    public void ParseFile_BadField_NamesTheFieldAndYieldsNothing(string spec, string field, string problem)
    {
        var (workloads, tenants, autoscalers, _) = WorkloadManifestParser.ParseEveryKind(Manifest(spec), File);

        Assert.Multiple(() =>
        {
            Assert.That(workloads.Errors.Select(e => e.Field), Does.Contain(field), string.Join("\n", workloads.Errors));
            Assert.That(workloads.Errors.Single(e => e.Field == field).Problem, Does.Contain(problem));
            Assert.That(autoscalers, Is.Empty);
            Assert.That(tenants, Is.Empty);
        });
    }

    [Test]
    public void ParseFile_UnknownKind_NamesTheThreeKinds()
    {
        var errors = WorkloadManifestParser.ParseEveryKind("apiVersion: edge/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {}\n", File).Workloads.Errors;

        Assert.That(errors.Single(e => e.Field == "kind").Problem, Is.EqualTo("must be \"Workload\", \"Tenant\", \"WorkloadAutoscaler\" or \"NodeGroup\", got \"HorizontalPodAutoscaler\""));
    }
}
