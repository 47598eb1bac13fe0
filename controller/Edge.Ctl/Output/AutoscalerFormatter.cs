using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>
/// Output of <c>get autoscalers</c> (kubectl's HPA columns: NAME, REFERENCE, TARGETS, MINPODS,
/// MAXPODS, REPLICAS, AGE) and of <c>explain autoscaler</c>, or their views as JSON/YAML.
/// </summary>
internal static class AutoscalerFormatter
{
    /// <param name="autoscalers">The autoscalers.</param>
    /// <param name="format">Table, JSON or YAML.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="now">For the AGE column.</param>
    /// <param name="allTenants">Several tenants' autoscalers: the table gets a TENANT column.</param>
    public static void WriteList(IEnumerable<Autoscaler> autoscalers, OutputFormat format, TextWriter writer, DateTimeOffset now, bool allTenants = false)
    {
        ArgumentNullException.ThrowIfNull(autoscalers);
        ArgumentNullException.ThrowIfNull(writer);
        var views = autoscalers.Select(ToView).OrderBy(a => a.Tenant, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(new ItemList<AutoscalerView>(views), format, writer);
            return;
        }

        string[] columns = ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"];
        var table = new TableWriter(allTenants ? ["TENANT", .. columns] : columns);
        foreach (var a in views)
        {
            string[] cells = [
                a.Name,
                $"Workload/{a.Workload}",
                Targets(a.Metrics),
                I(a.MinReplicas),
                I(a.MaxReplicas),
                I(a.CurrentReplicas),
                a.Created is null ? "<unknown>" : Units.HumanDuration(now - DateTimeOffset.Parse(a.Created, CultureInfo.InvariantCulture))];
            table.AddRow(allTenants ? [a.Tenant, .. cells] : cells);
        }

        table.WriteTo(writer);
    }

    public static void WriteExplanation(AutoscalerExplanation explanation, OutputFormat format, TextWriter writer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(writer);
        var view = new AutoscalerExplainView(ToView(explanation.Autoscaler), [.. explanation.Decisions.Select(ToView)]);
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(view, format, writer);
            return;
        }

        var a = view.Autoscaler;
        writer.WriteLine($"Autoscaler {a.Name} (tenant {a.Tenant}) scales Workload/{a.Workload} between {I(a.MinReplicas)} and {I(a.MaxReplicas)} replicas.");
        writer.WriteLine($"Replicas: {I(a.CurrentReplicas)} now, {I(a.DesiredReplicas)} desired; last scaled {Ago(a.LastScaleTime, now)}; last pass {Ago(a.LastSyncTime, now)}.");
        writer.WriteLine($"Targets: {Targets(a.Metrics)}");
        writer.WriteLine("Conditions:");
        var conditions = new TableWriter("TYPE", "STATUS", "REASON", "MESSAGE");
        foreach (var c in a.Conditions)
        {
            conditions.AddRow(c.Type, c.Status ? "True" : "False", c.Reason, c.Message);
        }

        conditions.WriteTo(writer, "  ");
        writer.WriteLine("Decisions (newest first):");
        foreach (var d in view.Decisions)
        {
            writer.WriteLine($"  {Ago(d.At, now)}: {I(d.FromReplicas)} -> {I(d.ToReplicas)}{(d.Applied ? "" : " (not changed)")}; metrics asked for {I(d.MetricReplicas)}; {d.Reason}");
            foreach (var m in d.Metrics)
            {
                writer.WriteLine($"      {Target(m)}: {(m.Replicas is { } r ? $"proposes {I(r)}" : "no proposal")} ({m.Detail})");
            }

            foreach (var c in d.Conditions.Where(c => c.Type == "ScalingLimited" || !c.Status || c.Reason.EndsWith("Stabilized", StringComparison.Ordinal)))
            {
                writer.WriteLine($"      {c.Type}={(c.Status ? "True" : "False")} {c.Reason}: {c.Message}");
            }

            foreach (var e in d.Events)
            {
                writer.WriteLine($"      event {e}");
            }
        }

        if (view.Decisions.Count == 0)
        {
            writer.WriteLine("  none yet: the autoscaler has not run a pass since the controller started");
        }
    }

    public static AutoscalerView ToView(Autoscaler a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var spec = a.Spec ?? new AutoscalerSpec();
        return new AutoscalerView(
            a.Name,
            a.Tenant,
            spec.Workload,
            spec.MinReplicas,
            spec.MaxReplicas,
            a.CurrentReplicas,
            a.DesiredReplicas,
            spec.Tolerance,
            a.Metrics.Count > 0 ? [.. a.Metrics.Select(ToView)] : [.. spec.Metrics.Select(m => ToView(new AutoscalerMetricStatus { Metric = m }))],
            [.. a.Conditions.Select(ToView)],
            Units.Iso8601(a.LastScaleTime),
            Units.Iso8601(a.LastSyncTime),
            Units.Iso8601(a.Created));
    }

    /// <summary>kubectl's TARGETS column: "cpu: 45%/80%, invocations_per_s: 12/50"; &lt;unknown&gt; before a value is known.</summary>
    public static string Targets(IReadOnlyList<AutoscalerMetricView> metrics) =>
        metrics.Count == 0 ? "<none>" : string.Join(", ", metrics.Select(Target));

    private static string Target(AutoscalerMetricView m)
    {
        var percent = m.TargetType == "Utilization" ? "%" : "";
        var current = m.Current is { } c ? F(c) + percent : "<unknown>";
        var name = m.Type == "External" ? $"{m.Name} (external{(m.TargetType == "AverageValue" ? ", per replica" : "")})" : m.Name;
        return $"{name}: {current}/{F(m.Target)}{percent}";
    }

    private static ScalingDecisionView ToView(ScalingDecision d) => new(
        Units.Iso8601(d.At), d.FromReplicas, d.ToReplicas, d.Applied, d.MetricReplicas, d.Reason,
        [.. d.Metrics.Select(ToView)], [.. d.Conditions.Select(ToView)], [.. d.Events]);

    private static AutoscalerMetricView ToView(AutoscalerMetricStatus m)
    {
        var metric = m.Metric ?? new AutoscalerMetric();
        return new AutoscalerMetricView(metric.Type, metric.Name, metric.TargetType, metric.Target, m.HasCurrent ? m.Current : null, m.HasReplicas ? m.Replicas : null, m.Detail);
    }

    private static AutoscalerConditionView ToView(AutoscalerConditionStatus c) => new(c.Type, c.Status, c.Reason, c.Message);

    private static string Ago(string? iso, DateTimeOffset now) =>
        iso is null ? "never" : Units.HumanDuration(now - DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture)) + " ago";

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
