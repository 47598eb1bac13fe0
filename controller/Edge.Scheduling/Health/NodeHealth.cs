using System.Globalization;

namespace Edge.Scheduling.Health;

/// <summary>
/// The conditions that make a heartbeating node not Ready: a pure function of what the
/// controller knows of it and the time. Only a connected node is judged (a disconnected one is
/// Disconnected already); a lag counts from when it began, and a condition is raised once the
/// lag exceeds its bound. Deterministic, no I/O, safe from any thread.
/// </summary>
public static class NodeHealth
{
    public static IReadOnlyList<NodeHealthCondition> Evaluate(NodeHealthInput node, NodeHealthBounds bounds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(bounds);
        if (!node.Connected)
        {
            return [];
        }

        var raised = new List<NodeHealthCondition>();
        if (node.AppliedVersion < node.DesiredVersion && node.BehindSince is { } behind && now - behind > bounds.NotApplyingAfter)
        {
            raised.Add(new NodeHealthCondition(
                NodeHealthType.NotApplying,
                "AppliedVersionBehind",
                Text($"the agent runs desired state v{node.AppliedVersion}, not v{node.DesiredVersion}, for {Seconds(now - behind)} (bound {Seconds(bounds.NotApplyingAfter)})"),
                behind));
        }
        else if (node.Waiting.Where(w => now - w.Since > bounds.NotApplyingAfter).OrderBy(w => w.Since).ThenBy(w => w.Name, StringComparer.Ordinal).ToList() is { Count: > 0 } stuck)
        {
            var first = stuck[0];
            raised.Add(new NodeHealthCondition(
                NodeHealthType.NotApplying,
                "WorkloadsNotStarting",
                Text($"{stuck.Count} workload(s) of v{node.AppliedVersion} waiting to start for over {Seconds(bounds.NotApplyingAfter)}: {first.Name}: {first.Message}"),
                first.Since));
        }

        if (node.StoreFailing)
        {
            raised.Add(new NodeHealthCondition(
                NodeHealthType.StoreFailed,
                "AgentStateFileFailing",
                node.StoreReason.Length > 0 ? node.StoreReason : "the agent reports its state file failing",
                node.StoreFailingSince ?? now));
        }

        var quietSince = node.LastTelemetry is { } last && last > node.ConnectedSince ? last : node.ConnectedSince;
        if (now - quietSince > bounds.TelemetryStalledAfter)
        {
            raised.Add(new NodeHealthCondition(
                NodeHealthType.TelemetryStalled,
                node.LastTelemetry is null ? "NoTelemetry" : "TelemetryStopped",
                node.LastTelemetry is null
                    ? Text($"connected for {Seconds(now - node.ConnectedSince)} and no telemetry arrived (bound {Seconds(bounds.TelemetryStalledAfter)})")
                    : Text($"no telemetry for {Seconds(now - quietSince)} while the stream lives (bound {Seconds(bounds.TelemetryStalledAfter)})"),
                quietSince));
        }

        return raised;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
