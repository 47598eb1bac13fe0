using Edge.Scheduling.Autoscaling;

namespace Edge.Scheduling.Simulation;

/// <summary>Everything <see cref="FleetSimulator"/> needs to replay autoscaling offline.</summary>
public sealed record FleetScenario
{
    /// <summary>Invocations per second arriving for a workload; wakes a workload scaled to zero.</summary>
    public const string InvocationsMetric = "invocations";

    public DateTimeOffset Start { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public required TimeSpan Duration { get; init; }

    /// <summary>The autoscalers' sync period; both run once per step.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a placed replica takes to become ready.</summary>
    public TimeSpan ReplicaStartup { get; init; }

    public int Seed { get; init; } = 1;

    public IReadOnlyList<PlacementNode> Nodes { get; init; } = [];

    public IReadOnlyList<NodeGroup> NodeGroups { get; init; } = [];

    public NodeAutoscalerOptions NodeAutoscaler { get; init; } = new();

    public TimeSpan ProviderDelay { get; init; } = TimeSpan.FromSeconds(60);

    public double ProviderFailureRate { get; init; }

    /// <summary>Failure rates of single groups, overriding <see cref="ProviderFailureRate"/>.</summary>
    public IReadOnlyDictionary<string, double> GroupFailureRates { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<SimulatedWorkload> Workloads { get; init; } = [];

    public IReadOnlyList<TenantQuota> Quotas { get; init; } = [];

    public IReadOnlyList<MetricPoint> Timeline { get; init; } = [];
}
