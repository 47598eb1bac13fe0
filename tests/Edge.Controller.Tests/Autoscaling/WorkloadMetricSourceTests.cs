using Edge.Controller.Autoscaling;
using Edge.Controller.Fleet;
using Edge.Controller.Hosting;
using Edge.Controller.Telemetry;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Tests.Autoscaling;

/// <summary>
/// What the autoscaler observes from measured CPU, memory and guest metrics, and the replica
/// counts the HPA formula gives from them: desired = ceil(replicas × average(usage / target)),
/// usage of a Utilization target being value / request × 100 (kubernetes replica_calculator.go).
/// </summary>
public sealed class WorkloadMetricSourceTests
{
    private const long Mi = 1L << 20;
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = T0.AddSeconds(40);
    /// <summary>The samples at 10 to 40 s: the first one, at T0, has no rates yet.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(35);
    private TelemetrySeriesStore _series = null!;

    [SetUp]
    public void SetUp() => _series = new TelemetrySeriesStore(Options.Create(new ControllerOptions()));

    [Test]
    public void Read_NodeReportsCpuTime_CpuIsMeasuredNotEstimated()
    {
        // Estimate: 10 invocations/s x 5 ms = 50m; measured: 0.2 s of CPU per second = 200m.
        Report("n1", invocationsPerS: 10, p50: 5, cpuMillicores: 200);

        var observed = Read(Target(("n1", 1)), Spec(Resource(MetricSpec.Cpu, MetricTargetType.AverageValue, 100)));

        Assert.Multiple(() =>
        {
            Assert.That(observed.Replicas.Single().Values[MetricSpec.Cpu], Is.EqualTo(200).Within(1e-9));
            Assert.That(observed.Replicas.Single().Values["cpu_millicores"], Is.EqualTo(200).Within(1e-9));
            Assert.That(observed.Sources[MetricSpec.Cpu], Does.Contain("cpu measured (agent CPU time) on 1 node(s)"));
        });
    }

    [Test]
    public void Read_MixedNodes_MeasuredWhereReportedEstimatedElsewhere()
    {
        Report("n1", invocationsPerS: 10, p50: 5, cpuMillicores: 200); // a new agent
        Report("n2", invocationsPerS: 10, p50: 5); // an old one: 10/s x 5 ms = 50m
        var spec = Spec(Resource(MetricSpec.Cpu, MetricTargetType.Utilization, 50));

        var observed = Read(Target(("n1", 1), ("n2", 1)), spec);
        var proposal = ReplicaCalculator.Propose(spec.Metrics[0], observed, Tolerances.Of(spec));

        Assert.Multiple(() =>
        {
            Assert.That(observed.Replicas.Select(r => r.Values[MetricSpec.Cpu]), Is.EqualTo(new[] { 200.0, 50.0 }).Within(1e-9));
            Assert.That(observed.Replicas[1].Values.ContainsKey("cpu_millicores"), Is.False, "not measured on n2");
            // Request 100m: 200% and 50% average 125%, against 50% = 2.5; ceil(2.5 x 2) = 5.
            Assert.That(proposal.Replicas, Is.EqualTo(5));
            Assert.That(proposal.Detail, Does.Contain("cpu measured on 1 node(s), estimated as invocations/s x p50 latency on 1 whose agents do not report CPU time"));
        });
    }

    [Test]
    public void Read_AgentMeasuresCpuButSentOneSampleOnly_CpuMissingNotEstimated()
    {
        // One sample with CPU time and 10 invocations/s x 5 ms: no rate yet, so the metric is missing
        // (as a pod's CPU before its second scrape); an estimate of 50m would be a guess the agent can correct.
        var workload = new IngestedWorkload("web", 100, 0, 5, 10, 1, 0, 0) { CpuTimeUs = 3_000_000, MemoryBytes = Mi, MemoryPeakBytes = Mi };
        _series.For("n1").Record(new IngestedSample(1, Now.AddSeconds(-5), 0.1, 1, 2, 0, 0, 0, 0, 0, 1, [workload]));

        var observed = Read(Target(("n1", 1)), Spec(Resource(MetricSpec.Cpu, MetricTargetType.Utilization, 50)));

        Assert.Multiple(() =>
        {
            Assert.That(observed.Replicas.Single().Values.ContainsKey(MetricSpec.Cpu), Is.False);
            Assert.That(observed.Replicas.Single().Values[MetricSpec.Memory], Is.EqualTo((double)Mi));
            Assert.That(observed.Sources[MetricSpec.Cpu], Is.EqualTo("cpu measured on 0 node(s), missing on 1 whose agents sent one sample so far (no CPU rate yet)"));
        });
    }

    [Test]
    public void Read_MemoryUtilization_SharedAmongTheNodesReplicasAgainstTheReservation()
    {
        // 96 MiB on n1 with two replicas: 48 MiB each, 75% of a 64 MiB reservation.
        Report("n1", memory: 96 * Mi);
        var utilization = Spec(Resource(MetricSpec.Memory, MetricTargetType.Utilization, 50));
        var average = Spec(Resource(MetricSpec.Memory, MetricTargetType.AverageValue, 32 * Mi));
        var target = Target(("n1", 2));

        var observed = Read(target, utilization);
        var byUtilization = ReplicaCalculator.Propose(utilization.Metrics[0], observed, Tolerances.Of(utilization));
        var byAverage = ReplicaCalculator.Propose(average.Metrics[0], Read(target, average), Tolerances.Of(average));

        Assert.Multiple(() =>
        {
            Assert.That(observed.Replicas.Select(r => r.Values[MetricSpec.Memory]), Is.All.EqualTo(48.0 * Mi));
            // 75% against 50% = 1.5; ceil(1.5 x 2) = 3. AverageValue 32 MiB: 48 / 32 = 1.5, the same 3.
            Assert.That(byUtilization.Replicas, Is.EqualTo(3));
            Assert.That(byAverage.Replicas, Is.EqualTo(3));
            Assert.That(byUtilization.Detail, Does.Contain("memory measured on 1 of 1 node(s)"));
        });
    }

    [Test]
    public void Read_NoAgentReportsMemory_MissingMetricSaysSo()
    {
        Report("n1");
        var spec = Spec(Resource(MetricSpec.Memory, MetricTargetType.Utilization, 50));

        var proposal = ReplicaCalculator.Propose(spec.Metrics[0], Read(Target(("n1", 1)), spec), Tolerances.Of(spec));

        Assert.Multiple(() =>
        {
            Assert.That(proposal.Valid, Is.False);
            Assert.That(proposal.Detail, Does.Contain("no metrics from ready replicas").And.Contain("memory not reported"));
        });
    }

    [Test]
    public void Read_GuestMetricAsPods_RateSharedAmongReplicas()
    {
        // 30 requests/s on n1, which runs two replicas: 15 each, against 5 = 3; ceil(3 x 2) = 6.
        Report("n1", guestPerS: ("requests", 30));
        var spec = Spec(new MetricSpec { Source = MetricSourceType.Pods, Name = "guest:requests", TargetType = MetricTargetType.AverageValue, Target = 5 });

        var observed = Read(Target(("n1", 2)), spec);
        var proposal = ReplicaCalculator.Propose(spec.Metrics[0], observed, Tolerances.Of(spec));

        Assert.Multiple(() =>
        {
            Assert.That(observed.Replicas.Select(r => r.Values["guest:requests"]), Is.All.EqualTo(15).Within(1e-9));
            Assert.That(proposal.Replicas, Is.EqualTo(6));
        });
    }

    [Test]
    public void Read_GuestMetricAsExternal_TotalOverNodes()
    {
        Report("n1", guestPerS: ("requests", 30));
        Report("n2", guestPerS: ("requests", 12));
        Report("n3"); // reports the workload but not this metric
        var spec = Spec(new MetricSpec { Source = MetricSourceType.External, Name = "guest:requests", TargetType = MetricTargetType.AverageValue, Target = 10 });

        var observed = Read(Target(("n1", 1)), spec);
        var proposal = ReplicaCalculator.Propose(spec.Metrics[0], observed, Tolerances.Of(spec));

        Assert.Multiple(() =>
        {
            Assert.That(observed.External["guest:requests"], Is.EqualTo(42).Within(1e-9));
            Assert.That(proposal.Replicas, Is.EqualTo(5), "ceil(42 / 10)");
            Assert.That(proposal.Detail, Does.Contain("guest metric reported on 2 of 3 node(s)"));
        });
    }

    [Test]
    public void Read_GuestMetricNoNodeReports_FailedGetPodsMetricNamesIt()
    {
        Report("n1", guestPerS: ("requests", 30));
        var spec = Spec(new MetricSpec { Source = MetricSourceType.Pods, Name = "guest:queue_depth", TargetType = MetricTargetType.AverageValue, Target = 5 });

        var decision = WorkloadAutoscaler.Decide(spec, Read(Target(("n1", 1)), spec), new AutoscalerState(), QuotaHeadroom.Unlimited, Now);

        Assert.Multiple(() =>
        {
            Assert.That(decision.DesiredReplicas, Is.EqualTo(1));
            Assert.That(decision.Events, Has.Some.StartsWith("FailedGetPodsMetric:").And.Contains("no node reports guest metric \"queue_depth\""));
        });
    }

    private WorkloadMetrics Read(AutoscaleTarget target, AutoscalerSpec spec) => WorkloadMetricSource.Read(target, _series, Window, Now, spec);

    /// <summary>Five samples 10 s apart, steady figures; the fields left null are not reported, as from an older agent.</summary>
    private void Report(string node, double invocationsPerS = 1, double p50 = 1, double? cpuMillicores = null, long? memory = null, (string Name, double PerS)? guestPerS = null)
    {
        for (var i = 0; i < 5; i++)
        {
            var workload = new IngestedWorkload("web", (ulong)(invocationsPerS * 10 * i), 0, p50, p50 * 2, 1, 0, 0)
            {
                CpuTimeUs = cpuMillicores is { } m ? (ulong)(m * 1000 * 10 * i) : null,
                MemoryBytes = memory,
                MemoryPeakBytes = memory ?? 0,
                Custom = guestPerS is { } g ? new Dictionary<string, double> { [g.Name] = g.PerS * 10 * i } : null,
            };
            _series.For(node).Record(new IngestedSample((ulong)i + 1, T0.AddSeconds(10 * i), 0.1, 1, 2, 0, 0, 0, 0, 0, 1, [workload]));
        }
    }

    private static AutoscaleTarget Target(params (string Node, int Replicas)[] placement)
    {
        var ordinal = 0;
        var placed = placement.SelectMany(p => Enumerable.Range(0, p.Replicas).Select(_ => new AutoscaleReplica(ordinal++, p.Node, true))).ToList();
        return new AutoscaleTarget("web", "default", PlacementMode.Replicated, placed.Count, new ResourceAmount(100, 64 * Mi), QuotaHeadroom.Unlimited, placed);
    }

    private static AutoscalerSpec Spec(MetricSpec metric) => new() { Workload = "web", MinReplicas = 1, MaxReplicas = 10, Metrics = [metric] };

    private static MetricSpec Resource(string name, MetricTargetType type, double target) =>
        new() { Source = MetricSourceType.Resource, Name = name, TargetType = type, Target = target };
}
