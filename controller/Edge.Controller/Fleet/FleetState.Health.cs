using Edge.Controller.Events;
using Edge.Scheduling;
using Edge.Scheduling.Health;

namespace Edge.Controller.Fleet;

/// <summary>
/// Honest node health: what the stream and the telemetry say about a connected node, judged by
/// <see cref="NodeHealth"/> whenever a node is viewed. Written without the fleet lock.
/// </summary>
internal sealed partial class FleetState
{
    /// <summary>A hello (<paramref name="hello"/>), heartbeat or report: versions and the agent's state file.</summary>
    public void ReportHealth(NodeSession session, long appliedVersion, StoreReport? store, bool hello)
    {
        if (!_live.TryGetValue(session.Node, out var entry))
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (hello)
        {
            entry.Health.Connected(now);
        }

        var before = entry.Health.Read().Store;
        entry.Health.Observe(entry.Record.DesiredVersion, appliedVersion, store, now);
        if (store is not null && store.Quarantines > before.Quarantines && store.QuarantinedTo.Length > 0)
        {
            LogNodeStoreQuarantined(session.Node, store.QuarantineReason, store.QuarantinedTo);
            Events.StoreQuarantined(session.Node, store.QuarantineReason, store.QuarantinedTo);
        }
    }

    private string? _storeFailure;

    /// <summary>Why the last commit to the fleet store failed; null once one succeeded.</summary>
    public string? StoreFailure => Volatile.Read(ref _storeFailure);

    private void StoreFailed(Exception? failure) => Volatile.Write(ref _storeFailure, failure?.GetBaseException().Message);

    /// <summary>The bounds in force (Controller:Health).</summary>
    public NodeHealthBounds HealthBounds => new(_options.Health.NotApplyingAfter, _options.Health.TelemetryStalledAfter);

    private NodeView WithHealth(NodeEntry entry, NodeView view)
    {
        var (connectedSince, behindSince, lastTelemetry, store) = entry.Health.Read();
        var input = new NodeHealthInput
        {
            Connected = view.Connected && view.Condition == NodeCondition.Ready,
            ConnectedSince = connectedSince,
            DesiredVersion = view.DesiredVersion,
            AppliedVersion = view.AppliedVersion,
            BehindSince = behindSince,
            Waiting = [.. view.Workloads.Where(w => w.Phase == ObservedPhase.Pending && w.Attempts == 0 && w.Message.Length > 0).Select(w => (w.Name, w.Message, w.Since))],
            StoreFailing = store.Failing,
            StoreReason = store.Reason,
            StoreFailingSince = store.FailingSince,
            LastTelemetry = lastTelemetry,
        };
        return view with { HealthConditions = NodeHealth.Evaluate(input, HealthBounds, _time.GetUtcNow()), Store = store };
    }

    /// <summary>
    /// A placed replica as its node reports it: Failed or Pending with the agent's message when
    /// the workload is so on the node, and the node's raised conditions beside the reason.
    /// </summary>
    private (string State, string Reason) ReplicaOnNodeLocked(string workload, string node, string state, string reason)
    {
        if (!_nodes.TryGetValue(node, out var entry))
        {
            return (state, reason);
        }

        if (state == nameof(ReplicaState.Running)
            && entry.Workloads.FirstOrDefault(w => w.Name == workload) is { Phase: ObservedPhase.Failed or ObservedPhase.Pending or ObservedPhase.Succeeded } observed)
        {
            state = observed.Phase.ToString();
            reason = Join(reason, observed.Message.Length > 0 ? observed.Message : ReportedText(observed));
        }

        var conditions = ViewLocked(entry).HealthConditions;
        if (conditions.Count > 0)
        {
            reason = Join(reason, $"node {node} is not Ready: " + string.Join("; ", conditions.Select(c => $"{c.Type} ({c.Reason}): {c.Message}")));
        }

        return (state, reason);

        static string Join(string a, string b) => a.Length == 0 ? b : $"{a}; {b}";
    }

    [LoggerMessage(EventId = 1170, Level = LogLevel.Warning, Message = "Node {Node} moved a damaged agent state file aside ({Reason}) to {Aside} and rebuilt it")]
    private partial void LogNodeStoreQuarantined(string node, string reason, string aside);
}
