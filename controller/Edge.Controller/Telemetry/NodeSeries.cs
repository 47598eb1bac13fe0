namespace Edge.Controller.Telemetry;

/// <summary>
/// A node's series and its workloads' series, plus what its agent reports of
/// its outbox. Counters become rates between consecutive samples; a counter
/// that went down (agent or workload restarted) counts from zero. A figure
/// the agent did not report is NaN ("not reported"), never 0.
/// </summary>
internal sealed class NodeSeries(string node, SeriesRetention retention)
{
    private readonly Lock _gate = new();
    private readonly SeriesBuffer _node = new(SeriesMetrics.Node.Count, retention);
    private readonly Dictionary<string, WorkloadSeries> _workloads = new(StringComparer.Ordinal);
    private IngestedSample? _last;

    public string Node { get; } = node;

    public ulong Ingested { get; private set; }

    public ulong AgentDropped { get; private set; }

    public ulong AgentPending { get; private set; }

    /// <summary>Guest metric values dropped from its workloads' samples (past the per-workload cap, invalid name, not finite).</summary>
    public ulong GuestDropped { get; private set; }

    public void Record(IngestedSample s)
    {
        lock (_gate)
        {
            var at = s.SampledAt.ToUnixTimeMilliseconds();
            var seconds = _last is null ? 0 : (s.SampledAt - _last.SampledAt).TotalSeconds;
            _node.Add(at, s.Sequence,
            [
                s.CpuUsageRatio, s.MemoryUsedBytes, s.MemoryTotalBytes, s.LoadAverage1m,
                s.DiskUsedBytes, s.DiskTotalBytes,
                CounterRate.OrZero(_last?.NetRxBytes, s.NetRxBytes, seconds), CounterRate.OrZero(_last?.NetTxBytes, s.NetTxBytes, seconds),
                s.WorkloadsRunning,
            ]);
            foreach (var w in s.Workloads)
            {
                if (!_workloads.TryGetValue(w.Name, out var series))
                {
                    series = new WorkloadSeries(retention);
                    _workloads[w.Name] = series;
                }

                GuestDropped += (ulong)series.Record(at, s.Sequence, w);
            }

            _last = s;
            Ingested++;
        }
    }

    public void AgentReport(ulong dropped, ulong pending)
    {
        lock (_gate)
        {
            AgentDropped = Math.Max(AgentDropped, dropped);
            AgentPending = pending;
        }
    }

    public SeriesPoint? LatestNode()
    {
        lock (_gate)
        {
            return _node.Latest;
        }
    }

    /// <summary>The latest point of each workload seen in the raw retention.</summary>
    public IReadOnlyList<(string Workload, SeriesPoint Point)> LatestWorkloads()
    {
        lock (_gate)
        {
            var floor = (_node.LatestAtMs ?? 0) - (long)retention.Raw.TotalMilliseconds;
            return [.. _workloads.Where(kv => kv.Value.Columns.LatestAtMs is { } at && at >= floor).Select(kv => (kv.Key, kv.Value.Columns.Latest!))];
        }
    }

    /// <summary>Copies of the raw points (or rollups) of the node, or of one workload, since a time.</summary>
    public IReadOnlyList<SeriesPoint> Raw(string? workload, long sinceMs)
    {
        lock (_gate)
        {
            return Buffer(workload)?.Raw(sinceMs).ToList() ?? [];
        }
    }

    /// <summary>Copies of the raw points of one guest metric's rate of a workload since a time; empty when not reported.</summary>
    public IReadOnlyList<SeriesPoint> GuestRaw(string workload, string name, long sinceMs)
    {
        lock (_gate)
        {
            return _workloads.GetValueOrDefault(workload)?.Guest(name)?.Rates.Raw(sinceMs).ToList() ?? [];
        }
    }

    /// <summary>Whether the workload's latest sample on the node carried its CPU time.</summary>
    public bool ReportsCpuTime(string workload)
    {
        lock (_gate)
        {
            return _workloads.GetValueOrDefault(workload)?.ReportsCpuTime ?? false;
        }
    }

    /// <summary>The guest metrics a workload reports on the node.</summary>
    public IReadOnlyList<string> GuestNames(string workload)
    {
        lock (_gate)
        {
            return _workloads.GetValueOrDefault(workload)?.GuestNames() ?? [];
        }
    }

    /// <summary>Rollups of the node, of one workload, or of one of its guest metrics; NaN where nothing was reported.</summary>
    public IReadOnlyList<(long StartMs, int Count, double[] Avg, double[] Min, double[] Max)> Rollups(string? workload, long sinceMs, string? guest = null)
    {
        lock (_gate)
        {
            var buffer = guest is null ? Buffer(workload) : workload is null ? null : _workloads.GetValueOrDefault(workload)?.Guest(guest)?.Rates;
            return buffer?.Rollups(sinceMs)
                .Select(b => (b.StartMs, b.Count,
                    Enumerable.Range(0, b.Sum.Length).Select(b.Average).ToArray(),
                    Enumerable.Range(0, b.Sum.Length).Select(b.MinOf).ToArray(),
                    Enumerable.Range(0, b.Sum.Length).Select(b.MaxOf).ToArray()))
                .ToList() ?? [];
        }
    }

    public IReadOnlyList<string> Workloads()
    {
        lock (_gate)
        {
            return [.. _workloads.Keys];
        }
    }

    private SeriesBuffer? Buffer(string? workload) =>
        workload is null ? _node : _workloads.GetValueOrDefault(workload)?.Columns;
}
