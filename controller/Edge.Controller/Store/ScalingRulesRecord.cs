using System.Globalization;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Store;

/// <summary>One direction's behavior of a stored autoscaler.</summary>
public sealed class ScalingRulesRecord
{
    public int StabilizationWindowSeconds { get; set; }

    public SelectPolicy SelectPolicy { get; set; }

    public List<ScalingPolicyRecord> Policies { get; set; } = [];

    public double? Tolerance { get; set; }

    public static ScalingRulesRecord From(ScalingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new ScalingRulesRecord
        {
            StabilizationWindowSeconds = (int)rules.StabilizationWindow.TotalSeconds,
            SelectPolicy = rules.SelectPolicy,
            Policies = [.. rules.Policies.Select(p => new ScalingPolicyRecord { Type = p.Type, Value = p.Value, PeriodSeconds = p.PeriodSeconds })],
            Tolerance = rules.Tolerance,
        };
    }

    public ScalingRules ToRules() => new()
    {
        StabilizationWindow = TimeSpan.FromSeconds(StabilizationWindowSeconds),
        SelectPolicy = SelectPolicy,
        Policies = [.. Policies.Select(p => new ScalingPolicy(p.Type, p.Value, p.PeriodSeconds))],
        Tolerance = Tolerance,
    };

    public string Text() => string.Create(CultureInfo.InvariantCulture,
        $"{StabilizationWindowSeconds} {SelectPolicy} {Tolerance?.ToString("R", CultureInfo.InvariantCulture) ?? "-"} {string.Join(",", Policies.Select(p => $"{p.Type}:{p.Value}:{p.PeriodSeconds}"))}");
}
