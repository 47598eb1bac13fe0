namespace Edge.Controller.Store;

/// <summary>A job's retry settings as applied (Kubernetes Job restartPolicy and backoffLimit).</summary>
public sealed class WorkloadJobRecord
{
    public string RestartPolicy { get; set; } = "Never";

    public int BackoffLimit { get; set; }

    public override string ToString() => $"job restartPolicy={RestartPolicy} backoffLimit={BackoffLimit}";
}
