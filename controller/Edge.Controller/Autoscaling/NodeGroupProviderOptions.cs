namespace Edge.Controller.Autoscaling;

/// <summary>One provider under Controller:NodeAutoscaling:Providers:NAME.</summary>
internal sealed class NodeGroupProviderOptions
{
    public const string Exec = "exec";
    public const string Simulated = "simulated";

    /// <summary>exec (runs Command, docs/node-groups-exec.md) or simulated (nodes without agents, for trials).</summary>
    public string Type { get; set; } = Exec;

    /// <summary>exec: the absolute path of the operator's script.</summary>
    public string Command { get; set; } = "";

    /// <summary>exec: arguments before the action.</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>exec: a call still running after this is killed and counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>simulated: how long a requested node takes to come up (or to fail).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>simulated: the probability that a requested node fails.</summary>
    public double FailureRate { get; set; }
}
