using System.Globalization;
using System.Text;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Store;

/// <summary>A workload autoscaler as applied, with every default filled in (docs/autoscaling.md).</summary>
public sealed class AutoscalerRecord
{
    /// <summary>The autoscaler name (the document id).</summary>
    public string Id { get; set; } = "";

    public string Tenant { get; set; } = WorkloadPlacementRecord.DefaultTenant;

    public string Workload { get; set; } = "";

    public int MinReplicas { get; set; } = 1;

    public int MaxReplicas { get; set; } = 1;

    public double Tolerance { get; set; } = AutoscalerSpec.DefaultTolerance;

    public List<AutoscalerMetricRecord> Metrics { get; set; } = [];

    public ScalingRulesRecord ScaleUp { get; set; } = ScalingRulesRecord.From(ScalingRules.DefaultScaleUp);

    public ScalingRulesRecord ScaleDown { get; set; } = ScalingRulesRecord.From(ScalingRules.DefaultScaleDown);

    public DateTimeOffset CreatedAt { get; set; }

    public static AutoscalerRecord From(string name, string tenant, AutoscalerSpec spec, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new AutoscalerRecord
        {
            Id = name,
            Tenant = tenant,
            Workload = spec.Workload,
            MinReplicas = spec.MinReplicas,
            MaxReplicas = spec.MaxReplicas,
            Tolerance = spec.Tolerance,
            Metrics = [.. spec.Metrics.Select(m => new AutoscalerMetricRecord { Source = m.Source, Name = m.Name, TargetType = m.TargetType, Target = m.Target })],
            ScaleUp = ScalingRulesRecord.From(spec.ScaleUp),
            ScaleDown = ScalingRulesRecord.From(spec.ScaleDown),
            CreatedAt = createdAt,
        };
    }

    public AutoscalerSpec ToSpec() => new()
    {
        Workload = Workload,
        MinReplicas = MinReplicas,
        MaxReplicas = MaxReplicas,
        Tolerance = Tolerance,
        Metrics = [.. Metrics.Select(m => new MetricSpec { Source = m.Source, Name = m.Name, TargetType = m.TargetType, Target = m.Target })],
        ScaleUp = ScaleUp.ToRules(),
        ScaleDown = ScaleDown.ToRules(),
    };

    /// <summary>Every field but the creation time as one canonical text, to tell a real change.</summary>
    public string Text()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Tenant} {Workload} {MinReplicas} {MaxReplicas} {Tolerance:R}\n");
        foreach (var m in Metrics)
        {
            text.Append(CultureInfo.InvariantCulture, $"metric {m.Source} {m.Name} {m.TargetType} {m.Target:R}\n");
        }

        return text.Append("up ").Append(ScaleUp.Text()).Append("\ndown ").Append(ScaleDown.Text()).ToString();
    }
}
