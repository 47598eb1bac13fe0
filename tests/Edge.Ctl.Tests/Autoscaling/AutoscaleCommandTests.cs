using Edge.Ctl.Commands;
using Edge.Ctl.Output;
using Edge.Ctl.Tests.Support;
using Edge.Protos.V1;
using Edge.Scheduling.Autoscaling;
using MetricSpec = Edge.Scheduling.Autoscaling.MetricSpec;

namespace Edge.Ctl.Tests.Autoscaling;

/// <summary>edgectl autoscale's flags, and get autoscalers' TARGETS column.</summary>
[TestFixture]
public sealed class AutoscaleCommandTests
{
    [Test]
    public void ToSpec_NoMetricFlag_CpuAt80Percent()
    {
        var (spec, error) = AutoscaleFlags.ToSpec("web", 1, 10, null, null, [], [], null);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(spec!.Metrics, Is.Empty, "an empty list: the controller applies kubectl's default, cpu at 80%");
        });
    }

    [Test]
    public void ToSpec_EveryKindOfMetric_OneSpecEach()
    {
        var (spec, error) = AutoscaleFlags.ToSpec("web", 0, 100, 80, 70, ["invocations_per_s=50"], ["queued_requests=20"], 0.2);

        Assert.That(error, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(spec!.MinReplicas, Is.Zero);
            Assert.That(spec.Tolerance, Is.EqualTo(0.2));
            Assert.That(spec.Metrics.Select(m => $"{m.Source}/{m.Name}/{m.TargetType}/{m.Target}"), Is.EqualTo(new[]
            {
                "Resource/cpu/Utilization/80", "Resource/memory/Utilization/70", "Pods/invocations_per_s/AverageValue/50", "External/queued_requests/AverageValue/20",
            }));
        });
    }

    [TestCase(5, 2, null, new string[0], "--max must be at least 1 and at least --min (5), got 2")]
    [TestCase(-1, 2, null, new string[0], "--min must be 0 or more, got -1")]
    [TestCase(1, 5, 0, new string[0], "--cpu-percent must be greater than 0, got 0")]
    [TestCase(1, 5, null, new[] { "requests=5" }, "--metric: unknown metric \"requests\"")]
    [TestCase(1, 5, null, new[] { "invocations_per_s" }, "--metric must be NAME=TARGET")]
    [TestCase(1, 5, null, new[] { "invocations_per_s=-3" }, "--metric must be NAME=TARGET with a target greater than 0")]
    public void ToSpec_BadFlag_NamesTheFlag(int min, int max, int? cpu, string[] metrics, string expected)
    {
        var (spec, error) = AutoscaleFlags.ToSpec("web", min, max, cpu, null, metrics, [], null);

        Assert.Multiple(() =>
        {
            Assert.That(spec, Is.Null);
            Assert.That(error, Does.StartWith(expected));
        });
    }

    [Test]
    public async Task Autoscale_MinAboveMax_ExitsTwoBeforeAnyCall()
    {
        // No controller listens on port 1: a call would fail with exit 1, not 2.
        var run = await CtlRun.RunAsync("--controller", "http://127.0.0.1:1", "autoscale", "workload", "web", "--min", "5", "--max", "2");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage), run.ToString());
            Assert.That(run.Error, Does.Contain("--max must be at least 1 and at least --min (5), got 2"));
        });
    }

    [Test]
    public void WriteList_Table_KubectlColumnsAndTargets()
    {
        var a = new Autoscaler
        {
            Name = "web",
            Tenant = "default",
            Spec = new Edge.Protos.V1.AutoscalerSpec { Workload = "web", MinReplicas = 1, MaxReplicas = 10 },
            Created = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero)),
            CurrentReplicas = 3,
            Metrics =
            {
                new AutoscalerMetricStatus { Metric = new AutoscalerMetric { Type = "Resource", Name = "cpu", TargetType = "Utilization", Target = 80 }, Current = 45 },
                new AutoscalerMetricStatus { Metric = new AutoscalerMetric { Type = "Pods", Name = "invocations_per_s", TargetType = "AverageValue", Target = 50 } },
            },
        };
        using var text = new StringWriter();

        AutoscalerFormatter.WriteList([a], OutputFormat.Table, text, new DateTimeOffset(2025, 3, 1, 12, 5, 0, TimeSpan.Zero));

        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0].Split("   ", StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()), Is.EqualTo(new[] { "NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE" }));
            Assert.That(lines[1], Does.Contain("Workload/web").And.Contain("cpu: 45%/80%, invocations_per_s: <unknown>/50").And.EndWith("5m"));
        });
    }

    [TestCase("Bogus", "AverageValue", "Max", "spec.metrics[0].type must be Resource, Pods or External, got \"Bogus\"")]
    [TestCase("Pods", "Average", "Max", "spec.metrics[0].targetType must be Utilization, AverageValue or Value, got \"Average\"")]
    [TestCase("Pods", "AverageValue", "Most", "spec.behavior.scaleUp.selectPolicy must be Max, Min or Disabled, got \"Most\"")]
    [TestCase("Pods", "2", "Max", "spec.metrics[0].targetType must be Utilization, AverageValue or Value, got \"2\"")]
    public void ToDomain_BadEnumText_ThrowsNamingTheField(string type, string targetType, string select, string expected)
    {
        var proto = new Edge.Protos.V1.AutoscalerSpec
        {
            Workload = "web",
            MaxReplicas = 3,
            Metrics = { new AutoscalerMetric { Type = type, Name = "invocations_per_s", TargetType = targetType, Target = 5 } },
            ScaleUp = new AutoscalerRules { SelectPolicy = select },
        };

        var ex = Assert.Throws<ArgumentException>(() => Edge.Shared.AutoscalerSpecProto.ToDomain(proto));

        Assert.That(ex!.Message, Is.EqualTo(expected));
    }

    [Test]
    public void ToProto_ThenBack_SameSpec()
    {
        var spec = new Edge.Scheduling.Autoscaling.AutoscalerSpec
        {
            Workload = "web",
            MinReplicas = 0,
            MaxReplicas = 7,
            Metrics = [new MetricSpec { Source = MetricSourceType.External, Name = "queued_requests", TargetType = MetricTargetType.Value, Target = 3 }],
            ScaleDown = ScalingRules.DefaultScaleDown with { SelectPolicy = SelectPolicy.Disabled, Policies = [] },
        };

        var back = Edge.Shared.AutoscalerSpecProto.ToDomain(Edge.Shared.AutoscalerSpecProto.ToProto(spec));

        Assert.Multiple(() =>
        {
            Assert.That(back.Metrics, Is.EqualTo(spec.Metrics));
            Assert.That(back.ScaleDown.SelectPolicy, Is.EqualTo(SelectPolicy.Disabled));
            Assert.That(back.ScaleDown.Policies, Is.Empty);
            Assert.That(back.ScaleUp.Policies, Is.EqualTo(ScalingRules.DefaultScaleUp.Policies));
            Assert.That(back.MinReplicas, Is.Zero);
        });
    }
}
