using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>Output of <c>explain workload</c>: each replica's node, score and runners-up; why unplaced ones fit nowhere.</summary>
internal static class ExplainFormatter
{
    public static void Write(WorkloadExplanation explanation, OutputFormat format, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(writer);
        var view = ToView(explanation);
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(view, format, writer);
            return;
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"workload/{view.Name}{(view.Tenant == "default" ? "" : $" (tenant {view.Tenant})")}: {view.Mode}, {view.ReplicasDesired} replicas desired"));
        if (view.Failure is not null)
        {
            writer.WriteLine($"FAILED, not placed: {view.Failure}");
            writer.WriteLine("apply a corrected manifest (or scale it) to place it again, or delete it");
        }

        var table = new TableWriter("REPLICA", "NODE", "STATE", "SCORE", "RUNNERS-UP / REASON");
        foreach (var r in view.Replicas)
        {
            table.AddRow(
                r.Ordinal?.ToString(CultureInfo.InvariantCulture) ?? "-",
                Units.Cell(r.Node),
                r.State + (r.LostAt is null ? "" : $" (lost at {r.LostAt})") + RunsText(r),
                r.Node is null ? "-" : r.Score.ToString(CultureInfo.InvariantCulture),
                r.RunnersUp.Count > 0
                    ? string.Join(", ", r.RunnersUp.Select(u => string.Create(CultureInfo.InvariantCulture, $"{u.Node} {u.Score}")))
                    : Units.Cell(r.Reason));
        }

        table.WriteTo(writer);
        writer.WriteLine($"one more replica now: {view.Fit}");
        if (view.Cold is not null)
        {
            writer.WriteLine($"cold: {view.Cold}");
        }

        if (view.Woken is not null)
        {
            writer.WriteLine($"woken: {view.Woken}");
        }
    }

    /// <summary>A job's runs and last exit code beside its state: " (3 runs, exit code 2)".</summary>
    private static string RunsText(ReplicaView r) => r.Attempts is not { } runs
        ? ""
        : string.Create(CultureInfo.InvariantCulture, $" ({runs} run{(runs == 1 ? "" : "s")}{(r.ExitCode is { } code ? $", exit code {code}" : "")})");

    public static ExplainView ToView(WorkloadExplanation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ExplainView(
            e.Name,
            e.Mode == WorkloadMode.Replicated ? "replicated" : "global",
            e.ReplicasDesired,
            [.. e.Replicas.Select(r => new ReplicaView(
                r.Node.Length == 0 ? null : r.Ordinal,
                r.Node.Length == 0 ? null : r.Node,
                r.State,
                r.Score,
                [.. r.RunnersUp.Select(u => new ScoreView(u.Node, u.Score))],
                r.Reason,
                Units.Iso8601(r.LostAt))
            {
                Phase = r.Phase.Length == 0 ? null : r.Phase,
                Attempts = r.Attempts > 0 ? r.Attempts : null,
                ExitCode = r.HasExitCode ? r.ExitCode : null,
            })],
            e.Fit)
        {
            Cold = e.Cold.Length == 0 ? null : e.Cold,
            Woken = e.Woken.Length == 0 ? null : e.Woken,
            Tenant = e.Tenant.Length == 0 ? "default" : e.Tenant,
            Failure = e.Failure.Length == 0 ? null : e.Failure,
        };
    }
}
