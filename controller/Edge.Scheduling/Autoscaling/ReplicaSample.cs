namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// One replica as the autoscaler sees it: whether it is ready (placed, started and serving) and
/// its latest metric values by name ("cpu" in millicores, "memory" in bytes, custom metrics in
/// their unit). A metric absent from <see cref="Values"/> is a missing metric.
/// </summary>
public sealed record ReplicaSample(string Replica, bool Ready, IReadOnlyDictionary<string, double> Values);
