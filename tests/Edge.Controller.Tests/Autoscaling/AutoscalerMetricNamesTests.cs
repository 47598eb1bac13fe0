using Edge.Controller.Autoscaling;
using Edge.Controller.Fleet;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Tests.Autoscaling;

/// <summary>The metric names ApplyAutoscaler takes: built-in series, the measured columns, and guest:NAME.</summary>
public sealed class AutoscalerMetricNamesTests
{
    private AutoscalerHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new AutoscalerHarness();

    [TearDown]
    public void TearDown() => _h.Dispose();

    [TestCase(MetricSourceType.Pods, "guest:requests")]
    [TestCase(MetricSourceType.External, "guest:_queue_depth_2")]
    [TestCase(MetricSourceType.Pods, "cpu_millicores")]
    [TestCase(MetricSourceType.External, "memory_bytes")]
    [TestCase(MetricSourceType.Pods, "memory_peak_bytes")]
    public void Apply_KnownOrGuestName_StoredAndKeptAcrossARestart(MetricSourceType source, string name)
    {
        _h.Autoscalers.Apply("web", "", Spec(source, name));
        _h.Restart();

        Assert.That(_h.Store.LoadAutoscalers().Single().ToSpec().Metrics.Single().Name, Is.EqualTo(name));
    }

    [TestCase(MetricSourceType.Pods, "guest:", "spec.metrics[0].name: guest metric \"guest:\": the name after \"guest:\" must match [a-zA-Z_][a-zA-Z0-9_]{0,63}")]
    [TestCase(MetricSourceType.Pods, "guest:9lives", "guest metric \"guest:9lives\"")]
    [TestCase(MetricSourceType.External, "guest:has-dash", "guest metric \"guest:has-dash\"")]
    [TestCase(MetricSourceType.Pods, "guest:a1234567890123456789012345678901234567890123456789012345678901234", "must match")]
    [TestCase(MetricSourceType.External, "cpu_seconds", "spec.metrics[0].name: unknown External metric \"cpu_seconds\"; known: invocations_per_s, ")]
    public void Apply_BadName_RefusedNamingTheFieldAndChangesNothing(MetricSourceType source, string name, string expected)
    {
        var ex = Assert.Throws<FleetException>(() => _h.Autoscalers.Apply("web", "", Spec(source, name)));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain(expected));
            Assert.That(_h.Store.LoadAutoscalers(), Is.Empty);
        });
    }

    [Test]
    public void Check_UnknownName_ListsTheMeasuredColumnsAndGuestForm()
    {
        var problem = AutoscalerMetricNames.Check(Spec(MetricSourceType.Pods, "rss"));

        Assert.That(problem, Does.Contain("cpu_millicores, memory_bytes, memory_peak_bytes, or guest:NAME"));
    }

    private static AutoscalerSpec Spec(MetricSourceType source, string name) => new()
    {
        Workload = "web",
        MaxReplicas = 4,
        Metrics = [new MetricSpec { Source = source, Name = name, TargetType = MetricTargetType.AverageValue, Target = 5 }],
    };
}
