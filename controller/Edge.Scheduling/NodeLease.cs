namespace Edge.Scheduling;

/// <summary>
/// A node is Ready while its heartbeats arrive within the grace period, as a
/// Kubernetes node lease (https://kubernetes.io/docs/concepts/architecture/nodes/#heartbeats):
/// the default grace of 40 s equals kube-controller-manager's node-monitor-grace-period.
/// </summary>
public static class NodeLease
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(40);

    public static NodeCondition ConditionAt(DateTimeOffset lastHeartbeat, DateTimeOffset now, TimeSpan grace) =>
        now - lastHeartbeat <= grace ? NodeCondition.Ready : NodeCondition.Disconnected;
}
