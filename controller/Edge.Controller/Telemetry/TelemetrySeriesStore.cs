using System.Collections.Concurrent;
using Edge.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Telemetry;

/// <summary>
/// In-memory time series per node and per workload, fed by ingest, read by
/// the admin API (edgectl top, series queries), /metrics and the autoscaler.
/// Hot state: rebuilt from new samples after a restart.
/// </summary>
internal sealed class TelemetrySeriesStore(IOptions<ControllerOptions> options)
{
    private readonly ConcurrentDictionary<string, NodeSeries> _nodes = new(StringComparer.Ordinal);
    private readonly SeriesRetention _retention = new(
        options.Value.Telemetry.RawRetention, options.Value.Telemetry.RollupInterval, options.Value.Telemetry.RollupRetention);

    public SeriesRetention Retention => _retention;

    public NodeSeries For(string node) => _nodes.GetOrAdd(node, n => new NodeSeries(n, _retention));

    public NodeSeries? Find(string node) => _nodes.GetValueOrDefault(node);

    public IReadOnlyList<NodeSeries> All() => [.. _nodes.Values.OrderBy(n => n.Node, StringComparer.Ordinal)];
}
