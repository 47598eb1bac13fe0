using Edge.Controller.Fleet;
using Edge.Protos.V1;
using Edge.Shared;

namespace Edge.Controller.Telemetry;

/// <summary>
/// Which figures of a node's telemetry the controller believes. A node speaks
/// for itself and for the workloads of its desired state alone (placed on it or
/// held cold there, <see cref="FleetState.ScopeOf"/>): figures it sends for any
/// other workload are dropped before they reach a series or an autoscaler.
/// At most <see cref="MaxWorkloadsPerSample"/> workloads per sample are read,
/// and a batch with a node or workload figure that is NaN or infinite is
/// refused whole (guest metrics are screened per name by the series).
/// </summary>
internal sealed partial class TelemetryAttribution(FleetState fleet, ILogger logger)
{
    public const int MaxWorkloadsPerSample = 256;
    public const string NotOnNode = "not_on_node";
    public const string TooManyWorkloads = "too_many_workloads";
    public const string NotFinite = "not_finite";
    private long _notOnNode;
    private long _tooMany;
    private long _notFinite;

    /// <summary>
    /// Checks a parsed batch of <paramref name="node"/> and removes, in place, the
    /// workload figures it may not give. Returns why the whole batch is refused, or null.
    /// </summary>
    public string? Screen(string node, TelemetryBatch batch)
    {
        NodeScope? scope = null;
        foreach (var sample in batch.Samples)
        {
            if (!double.IsFinite(sample.CpuUsageRatio) || !double.IsFinite(sample.LoadAverage1M) || !AllFinite(sample.Workloads))
            {
                Interlocked.Increment(ref _notFinite);
                LogNotFinite(node, sample.Sequence);
                return $"sample {sample.Sequence} of node {node} holds a figure that is NaN or infinite";
            }

            if (sample.Workloads.Count == 0)
            {
                continue;
            }

            if (sample.Workloads.Count > MaxWorkloadsPerSample)
            {
                var over = sample.Workloads.Count - MaxWorkloadsPerSample;
                Interlocked.Add(ref _tooMany, over);
                LogTooMany(node, sample.Sequence, sample.Workloads.Count, MaxWorkloadsPerSample);
                while (sample.Workloads.Count > MaxWorkloadsPerSample)
                {
                    sample.Workloads.RemoveAt(sample.Workloads.Count - 1);
                }
            }

            scope ??= fleet.ScopeOf(node);
            for (var i = sample.Workloads.Count - 1; i >= 0; i--)
            {
                var name = sample.Workloads[i].Name;
                if (!scope.Workloads.Contains(name))
                {
                    Interlocked.Increment(ref _notOnNode);
                    LogNotOnNode(node, name);
                    sample.Workloads.RemoveAt(i);
                }
            }
        }

        return null;
    }

    private static bool AllFinite(Google.Protobuf.Collections.RepeatedField<WorkloadSample> workloads)
    {
        for (var i = 0; i < workloads.Count; i++)
        {
            if (!float.IsFinite(workloads[i].LatencyP50Ms) || !float.IsFinite(workloads[i].LatencyP99Ms))
            {
                return false;
            }
        }

        return true;
    }

    public void Render(PrometheusText p)
    {
        const string Help = "Telemetry figures the controller did not believe: a workload not placed on or held by the sending node, workloads past the per-sample cap, a figure that is not a finite number (whole batch).";
        p.Metric("edge_telemetry_figures_refused_total", "counter", Help, Interlocked.Read(ref _notOnNode), ("reason", NotOnNode))
            .Metric("edge_telemetry_figures_refused_total", "counter", Help, Interlocked.Read(ref _tooMany), ("reason", TooManyWorkloads))
            .Metric("edge_telemetry_figures_refused_total", "counter", Help, Interlocked.Read(ref _notFinite), ("reason", NotFinite));
    }

    [LoggerMessage(EventId = 1530, Level = LogLevel.Debug, Message = "Figures of workload {Workload} from node {Node} dropped: the workload is neither placed on nor held by that node")]
    private partial void LogNotOnNode(string node, string workload);

    [LoggerMessage(EventId = 1531, Level = LogLevel.Debug, Message = "Sample {Sequence} of node {Node} names {Count} workloads; only the first {Max} are read")]
    private partial void LogTooMany(string node, ulong sequence, int count, int max);

    [LoggerMessage(EventId = 1532, Level = LogLevel.Debug, Message = "Telemetry batch of node {Node} refused: sample {Sequence} holds a NaN or infinite figure")]
    private partial void LogNotFinite(string node, ulong sequence);
}
