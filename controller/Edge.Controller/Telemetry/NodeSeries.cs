namespace Edge.Controller.Telemetry;

/// <summary>
/// A node's series and its workloads' series, plus what its agent reports of
/// its outbox. Counters become rates between consecutive samples; a counter
/// that went down (agent or workload restarted) counts from zero.
/// </summary>
internal sealed class NodeSeries(string node, SeriesRetention retention)
{
    private readonly Lock _gate = new();
    private readonly SeriesBuffer _node = new(SeriesMetrics.Node.Count, retention);
    private readonly Dictionary<string, SeriesBuffer> _workloads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ulong Invocations, ulong Failures)> _lastCounters = new(StringComparer.Ordinal);
    private IngestedSample? _last;

    public string Node { get; } = node;

    public ulong Ingested { get; private set; }

    public ulong AgentDropped { get; private set; }

    public ulong AgentPending { get; private set; }

    public void Record(IngestedSample s)
    {
        lock (_gate)
        {
            var at = s.SampledAt.ToUnixTimeMilliseconds();
            var seconds = _last is null ? 0 : (s.SampledAt - _last.SampledAt).TotalSeconds;
            _node.Add(new SeriesPoint(at, s.Sequence,
            [
                s.CpuUsageRatio, s.MemoryUsedBytes, s.MemoryTotalBytes, s.LoadAverage1m,
                s.DiskUsedBytes, s.DiskTotalBytes,
                Rate(_last?.NetRxBytes, s.NetRxBytes, seconds), Rate(_last?.NetTxBytes, s.NetTxBytes, seconds),
                s.WorkloadsRunning,
            ]));
            foreach (var w in s.Workloads)
            {
                if (!_workloads.TryGetValue(w.Name, out var buffer))
                {
                    buffer = new SeriesBuffer(SeriesMetrics.Workload.Count, retention);
                    _workloads[w.Name] = buffer;
                }

                var had = _lastCounters.TryGetValue(w.Name, out var before);
                buffer.Add(new SeriesPoint(at, s.Sequence,
                [
                    Rate(had ? before.Invocations : null, w.Invocations, seconds),
                    Rate(had ? before.Failures : null, w.Failures, seconds),
                    w.P50Ms, w.P99Ms, w.Warm, w.Busy, w.Queued,
                ]));
                _lastCounters[w.Name] = (w.Invocations, w.Failures);
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
            var floor = (_node.Latest?.AtMs ?? 0) - (long)retention.Raw.TotalMilliseconds;
            return [.. _workloads.Where(kv => kv.Value.Latest is { } p && p.AtMs >= floor).Select(kv => (kv.Key, kv.Value.Latest!))];
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

    public IReadOnlyList<(long StartMs, int Count, double[] Avg, double[] Min, double[] Max)> Rollups(string? workload, long sinceMs)
    {
        lock (_gate)
        {
            return Buffer(workload)?.Rollups(sinceMs)
                .Select(b => (b.StartMs, b.Count, b.Sum.Select(v => v / b.Count).ToArray(), (double[])b.Min.Clone(), (double[])b.Max.Clone()))
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
        workload is null ? _node : _workloads.GetValueOrDefault(workload);

    private static double Rate(ulong? before, ulong now, double seconds) =>
        before is null || seconds <= 0 ? 0 : (now >= before.Value ? now - before.Value : now) / seconds;
}
