using Edge.Scheduling;

namespace Edge.Controller.Events;

/// <summary>
/// The events of the decisions the controller already makes, one method per decision, so that
/// where a decision is made one line records it. Workloads and autoscalers are named by their
/// key ("web", "web.acme") and land in their tenant; nodes and node groups are fleet-wide.
/// </summary>
internal static class FleetEvents
{
    public const string Fleet = "fleet";
    public const string Admin = "admin";
    public const string Autoscaler = "autoscaler";
    public const string NodeAutoscaler = "node-autoscaler";
    public const string Identity = "identity";

    /// <summary>A workload's event, in its tenant.</summary>
    public static FleetEvent Workload(this EventLog log, string key, EventType type, string reason, string message, string source = Fleet)
    {
        ArgumentNullException.ThrowIfNull(log);
        return log.Record(EventKinds.Workload, WorkloadKeys.NameOf(key), WorkloadKeys.TenantOf(key), type, reason, message, source);
    }

    /// <summary>A node's event (fleet-wide).</summary>
    public static FleetEvent Node(this EventLog log, string node, EventType type, string reason, string message, string source = Fleet)
    {
        ArgumentNullException.ThrowIfNull(log);
        return log.Record(EventKinds.Node, node, "", type, reason, message, source);
    }

    public static void NodeRegistered(this EventLog log, string node, string arch, string peer) =>
        log.Node(node, EventType.Normal, "RegisteredNode", $"node {node} ({arch}) joined the fleet from {peer}");

    public static void NodeCondition(this EventLog log, string node, Scheduling.NodeCondition condition, string reason) =>
        _ = condition == Scheduling.NodeCondition.Ready
            ? log.Node(node, EventType.Normal, "NodeReady", $"node {node} is Ready: {reason}")
            : log.Node(node, EventType.Warning, "NodeDisconnected", $"node {node} is {condition}: {reason}; its replicas keep running there until their lostAfter");

    /// <summary>The replicas one reconcile placed (one event, naming at most a few nodes).</summary>
    public static void Placed(this EventLog log, WorkloadPlacement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var placed = placement.Replicas.Where(r => r.Placed).ToList();
        if (placed.Count == 0)
        {
            return;
        }

        const int Named = 5;
        var names = string.Join(", ", placed.Take(Named).Select(r => $"#{r.Ordinal} on {r.Node}"));
        var more = placed.Count > Named ? $" and {placed.Count - Named} more" : "";
        log.Workload(placement.Workload, EventType.Normal, "Scheduled", placed.Count == 1
            ? $"replica {names} (score {placed[0].Score})"
            : $"{placed.Count} replicas placed: {names}{more}");
    }

    public static void Unplaced(this EventLog log, string workload, int count, string reason) =>
        log.Workload(workload, EventType.Warning, "FailedPlacement", $"{count} replica(s) fit on no node: {reason}");

    public static void ReplicaEnded(this EventLog log, string workload, int ordinal, string node, string reason) =>
        log.Workload(workload, EventType.Normal, "ReplicaEnded", $"replica #{ordinal} on node {node} ended: {reason}");

    /// <summary>
    /// Replicas counted lost (their node away past the workload's lostAfter, or gone) while the
    /// plan places replacements: on the workload, and on the node.
    /// </summary>
    public static void Lost(this EventLog log, LifecyclePlan plan, TimeSpan lostAfter)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.ToPlace == 0)
        {
            return;
        }

        foreach (var s in plan.Replicas.Where(s => s.State == ReplicaState.Lost))
        {
            var why = s.LostAt is null ? $"node {s.Replica.Node} is no longer in the fleet" : $"node {s.Replica.Node} not Ready for longer than lostAfter ({lostAfter.TotalSeconds:0.#} s)";
            log.Workload(plan.Workload, EventType.Warning, "ReplicaLost", $"replica #{s.Replica.Ordinal} lost: {why}; placing a replacement");
            if (s.LostAt is not null)
            {
                log.Node(s.Replica.Node, EventType.Warning, "NodeLost", $"replica {s.Replica.Workload}#{s.Replica.Ordinal} counted lost after lostAfter ({lostAfter.TotalSeconds:0.#} s); replaced elsewhere");
            }
        }
    }

    public static void Applied(this EventLog log, string workload, string digest, int nodes) =>
        log.Workload(workload, EventType.Normal, "Applied", $"spec changed: module {digest[..Math.Min(19, digest.Length)]}, {nodes} node(s) targeted", Admin);

    public static void Scaled(this EventLog log, string workload, int replicas) =>
        log.Workload(workload, EventType.Normal, "Scaled", $"scaled to {replicas} replica(s)");

    public static void Deleted(this EventLog log, string workload, int replicas) =>
        log.Workload(workload, EventType.Normal, "Deleted", $"workload deleted, {replicas} replica(s) ended", Admin);

    public static void QuotaRefused(this EventLog log, string workload, string decision) =>
        log.Workload(workload, EventType.Warning, "QuotaExceeded", $"refused: {decision}", Admin);

    public static void Woken(this EventLog log, string workload, string node) =>
        log.Workload(workload, EventType.Normal, "WokenFromZero", $"woken by a first invocation on node {node} while scaled to zero: scaled 0 -> 1");

    public static void NodeChanged(this EventLog log, string node, bool cordoned, bool draining, int adminLabels, int taints) =>
        log.Node(node, EventType.Normal, draining ? "Draining" : cordoned ? "Cordoned" : "NodeChanged",
            $"changed by an admin: cordoned {cordoned}, draining {draining}, {adminLabels} admin label(s), {taints} taint(s)", Admin);

    public static void Drained(this EventLog log, string node) =>
        log.Node(node, EventType.Normal, "Drained", $"node {node} drained: its replicas run elsewhere", Admin);

    public static void NodeDeleted(this EventLog log, string node, int replicas) =>
        log.Node(node, EventType.Normal, "NodeDeleted", $"node {node} deleted from the fleet, {replicas} replica(s) unassigned", Admin);

    public static void StoreQuarantined(this EventLog log, string node, string reason, string aside) =>
        log.Node(node, EventType.Warning, "AgentStoreQuarantined", $"the agent moved its damaged state file aside ({reason}) to {aside} and rebuilt it");

    public static void Rescaled(this EventLog log, string autoscaler, string workload, int from, int to, string reason) =>
        log.Record(EventKinds.Autoscaler, WorkloadKeys.NameOf(autoscaler), WorkloadKeys.TenantOf(autoscaler), EventType.Normal, "SuccessfulRescale",
            $"workload {WorkloadKeys.NameOf(workload)}: {from} -> {to} replicas; {reason}", Autoscaler);

    public static void CannotScale(this EventLog log, string autoscaler, string problem) =>
        log.Record(EventKinds.Autoscaler, WorkloadKeys.NameOf(autoscaler), WorkloadKeys.TenantOf(autoscaler), EventType.Warning, "FailedGetScale", problem, Autoscaler);

    public static void RescaleFailed(this EventLog log, string autoscaler, string workload, int desired, string error) =>
        log.Record(EventKinds.Autoscaler, WorkloadKeys.NameOf(autoscaler), WorkloadKeys.TenantOf(autoscaler), EventType.Warning, "FailedRescale",
            $"workload {WorkloadKeys.NameOf(workload)}: new size {desired}; error: {error}", Autoscaler);

    public static void NodeGroup(this EventLog log, string group, EventType type, string reason, string message) =>
        log.Record(EventKinds.NodeGroup, group, "", type, reason, message, NodeAutoscaler);

    public static void Enrolled(this EventLog log, string node, DateTimeOffset notAfter, string peer) =>
        log.Node(node, EventType.Normal, "Enrolled", $"node {node} enrolled from {peer}; certificate valid until {notAfter:u}", Identity);

    public static void Renewed(this EventLog log, string node, DateTimeOffset notAfter) =>
        log.Node(node, EventType.Normal, "CertificateRenewed", $"node {node} renewed its certificate; valid until {notAfter:u}", Identity);

    /// <summary>
    /// An enrollment or renewal refused: the node is not known yet, so the event is the fleet's
    /// identity's. The peer is named without its port, so that a host retrying (or hammering)
    /// folds into one event with a count instead of pushing every other event out of the log.
    /// </summary>
    public static void IdentityRefused(this EventLog log, string what, string peer, string why)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(peer);
        log.Record(EventKinds.Identity, what, "", EventType.Warning, what == "renewal" ? "RenewalRefused" : "EnrollmentRefused", $"{what} from {HostOf(peer)} refused: {why}", Identity);
    }

    /// <summary>"ipv4:10.0.0.7:51000" → "ipv4:10.0.0.7", "ipv6:[::1]:5000" → "ipv6:[::1]"; anything else as it is.</summary>
    internal static string HostOf(string peer)
    {
        var colon = peer.LastIndexOf(':');
        var first = peer.IndexOf(':', StringComparison.Ordinal);
        return colon > first && first >= 0 && int.TryParse(peer.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
            && (peer[colon - 1] == ']' || !peer[(first + 1)..colon].Contains(':', StringComparison.Ordinal))
            ? peer[..colon]
            : peer;
    }

    public static void Revoked(this EventLog log, string node, int certificates) =>
        log.Node(node, EventType.Warning, "Revoked", $"node {node} revoked: {certificates} certificate(s) refused from now on", Identity);

    /// <summary>
    /// What the node autoscaler did (its explain history's kinds) as Cluster Autoscaler's events:
    /// on the node group, and on the node when one is named. Notes stay in explain only.
    /// </summary>
    public static void NodeAutoscalerDid(this EventLog log, string kind, string group, string node, string message)
    {
        ArgumentNullException.ThrowIfNull(log);
        (EventType Type, string Reason)? e = kind switch
        {
            "scale-up" => (EventType.Normal, "TriggeredScaleUp"),
            "scale-up-failed" => (EventType.Warning, "FailedScaleUp"),
            "node-registered" => (EventType.Normal, "ScaledUpNodeRegistered"),
            "scale-down" => (EventType.Normal, "ScaleDown"),
            "delete-requested" => (EventType.Normal, "ScaleDownDeleteRequested"),
            "node-deleted" => (EventType.Normal, "ScaleDownNodeDeleted"),
            "removal-abandoned" => (EventType.Warning, "ScaleDownFailed"),
            _ => null,
        };
        if (e is not { } ev)
        {
            return;
        }

        if (group.Length > 0)
        {
            log.NodeGroup(group, ev.Type, ev.Reason, node.Length > 0 ? $"node {node}: {message}" : message);
        }

        if (node.Length > 0)
        {
            log.Node(node, ev.Type, ev.Reason, message, NodeAutoscaler);
        }
    }
}
