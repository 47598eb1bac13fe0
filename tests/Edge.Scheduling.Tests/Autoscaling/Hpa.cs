using Edge.Scheduling.Autoscaling;

namespace Edge.Scheduling.Tests.Autoscaling;

/// <summary>Builders for workload autoscaler tests: replicas reserving 1000m CPU, so usage in millicores is 10 × percent.</summary>
internal static class Hpa
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly ResourceAmount Request = new(1000, 1L << 30);

    public static MetricSpec CpuPercent(double target) =>
        new() { Source = MetricSourceType.Resource, Name = MetricSpec.Cpu, TargetType = MetricTargetType.Utilization, Target = target };

    public static MetricSpec PerReplica(string name, double target) =>
        new() { Source = MetricSourceType.Pods, Name = name, TargetType = MetricTargetType.AverageValue, Target = target };

    public static MetricSpec External(string name, double target, MetricTargetType type = MetricTargetType.AverageValue) =>
        new() { Source = MetricSourceType.External, Name = name, TargetType = type, Target = target };

    public static AutoscalerSpec Spec(int min = 1, int max = 100, params MetricSpec[] metrics) => new()
    {
        Workload = "web",
        MinReplicas = min,
        MaxReplicas = max,
        Metrics = metrics.Length == 0 ? [CpuPercent(80)] : metrics,
    };

    /// <summary>No stabilization either way and policies too wide to bind: the plain HPA algorithm.</summary>
    public static AutoscalerSpec Plain(int min = 1, int max = 100, params MetricSpec[] metrics) => Spec(min, max, metrics) with
    {
        ScaleUp = Wide,
        ScaleDown = Wide,
    };

    public static readonly ScalingRules Wide = new() { Policies = [new ScalingPolicy(ScalingPolicyType.Percent, 1000, 15)] };

    /// <summary>Ready replicas reporting CPU at the given percents of their 1000m request.</summary>
    public static WorkloadMetrics Cpu(params double[] percents) => new()
    {
        CurrentReplicas = percents.Length,
        Requests = Request,
        Replicas = [.. percents.Select((p, i) => Replica(i, true, ("cpu", p * 10)))],
    };

    public static ReplicaSample Replica(int i, bool ready, params (string Name, double Value)[] values) =>
        new($"web#{i}", ready, values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));

    public static WorkloadMetrics Of(int current, params ReplicaSample[] replicas) => new()
    {
        CurrentReplicas = current,
        Requests = Request,
        Replicas = replicas,
    };

    public static AutoscalerDecision Decide(AutoscalerSpec spec, WorkloadMetrics metrics, AutoscalerState? state = null, DateTimeOffset? at = null, QuotaHeadroom? quota = null) =>
        WorkloadAutoscaler.Decide(spec, metrics, state ?? AutoscalerState.Empty, quota ?? QuotaHeadroom.Unlimited, at ?? T0);

    public static AutoscalerCondition? Limited(AutoscalerDecision d) =>
        d.Conditions.FirstOrDefault(c => c.Type == ConditionType.ScalingLimited && c.Status);

    public static double[] Repeat(double percent, int count) => Enumerable.Repeat(percent, count).ToArray();
}
