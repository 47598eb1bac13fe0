using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Autoscaling;

/// <summary>
/// Settings under "Controller:NodeAutoscaling": Cluster Autoscaler's flags with its defaults, and
/// the providers node groups may name. Providers live here, in the controller's own configuration,
/// because an exec provider runs a command on the controller host: no API call can set one.
/// </summary>
internal sealed class NodeAutoscalingOptions
{
    public const string Section = "Controller:NodeAutoscaling";

    /// <summary>Whether the loop runs at all (with no node group it only looks).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>--scan-interval: how often the loop looks at the fleet.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>--expander: a comma-separated chain of least-waste, least-nodes, most-pods, priority, price, random.</summary>
    public string Expanders { get; set; } = "least-waste";

    public double ScaleDownUtilizationThreshold { get; set; } = 0.5;

    public TimeSpan ScaleDownUnneededTime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan ScaleDownDelayAfterAdd { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxEmptyBulkDelete { get; set; } = 10;

    public int MaxDrainParallelism { get; set; } = 1;

    public double MaxTotalUnreadyPercentage { get; set; } = 45;

    public int OkTotalUnreadyCount { get; set; } = 3;

    public TimeSpan MaxNodeProvisionTime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// --max-graceful-termination-sec: a node being removed whose drain has not finished by then
    /// is given back (taint removed, uncordoned) instead of deleted.
    /// </summary>
    public TimeSpan MaxGracefulTermination { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many decisions (scale-ups, removals, failures, notes) explain keeps.</summary>
    public int HistorySize { get; set; } = 200;

    /// <summary>Providers by name; a node group names one in its spec.provider.</summary>
    public Dictionary<string, NodeGroupProviderOptions> Providers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The chain parsed, or the unknown name.</summary>
    public (IReadOnlyList<Expander> Chain, string? Unknown) ParseExpanders()
    {
        var chain = new List<Expander>();
        foreach (var name in Expanders.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Expander? expander = Enum.GetValues<Expander>().Where(e => ExpanderChain.Name(e) == name).Select(e => (Expander?)e).FirstOrDefault();
            if (expander is null)
            {
                return ([], name);
            }

            chain.Add(expander.Value);
        }

        return (chain, null);
    }

    public NodeAutoscalerOptions ToDecisionOptions() => new()
    {
        Expanders = ParseExpanders().Chain is { Count: > 0 } chain ? chain : [Expander.LeastWaste],
        ScaleDownUtilizationThreshold = ScaleDownUtilizationThreshold,
        ScaleDownUnneededTime = ScaleDownUnneededTime,
        ScaleDownDelayAfterAdd = ScaleDownDelayAfterAdd,
        MaxEmptyBulkDelete = MaxEmptyBulkDelete,
        MaxDrainParallelism = MaxDrainParallelism,
        MaxTotalUnreadyPercentage = MaxTotalUnreadyPercentage,
        OkTotalUnreadyCount = OkTotalUnreadyCount,
        MaxNodeProvisionTime = MaxNodeProvisionTime,
        InitialBackoff = InitialBackoff,
        MaxBackoff = MaxBackoff,
    };
}
