using Edge.Controller.Autoscaling;
using Edge.Controller.Fleet;
using Edge.Controller.Hosting;
using Edge.Controller.Store;
using Edge.Controller.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Tests.Autoscaling;

/// <summary>
/// A fleet of four ready nodes running "web", its telemetry series fed sample by sample in fake
/// time, and the workload autoscalers over a LiteDB file in a temp directory.
/// </summary>
internal sealed class AutoscalerHarness : IDisposable
{
    public static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);
    private readonly Dictionary<string, (ulong Sequence, ulong Invocations)> _counters = new(StringComparer.Ordinal);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "edge-hpa-" + Guid.NewGuid().ToString("N")[..8]);
    private LiteDbFleetStore _store;

    public AutoscalerHarness(int replicas = 2)
    {
        Directory.CreateDirectory(_dir);
        _store = new LiteDbFleetStore(Path.Combine(_dir, "fleet.db"));
        foreach (var n in new[] { "n1", "n2", "n3", "n4" })
        {
            Fleet.Connect(n, Records.Facts(), 0, Records.Observed("web", ObservedPhase.Running, Records.Digest('a')));
        }

        Fleet.Fleet.ApplyWorkload(Records.Replicated("web", replicas));
        Series = new TelemetrySeriesStore(Microsoft.Extensions.Options.Options.Create(new ControllerOptions()));
        Autoscalers = NewAutoscalers();
    }

    public FleetHarness Fleet { get; } = new();

    public TelemetrySeriesStore Series { get; }

    public HorizontalAutoscalers Autoscalers { get; private set; }

    public IAutoscalerStore Store => _store;

    public HorizontalAutoscalingOptions Options { get; } = new();

    /// <summary>The workload the figures are for: "web", or its key in another tenant ("web.shop").</summary>
    public string Workload { get; set; } = "web";

    public int Replicas => Fleet.Fleet.ListWorkloads().Single(w => w.Workload.Id == Workload).ReplicasDesired;

    /// <summary>A controller restart: new autoscalers (their memory lost) over the same file.</summary>
    public void Restart()
    {
        _store.Dispose();
        _store = new LiteDbFleetStore(Path.Combine(_dir, "fleet.db"));
        Autoscalers = NewAutoscalers();
    }

    /// <summary>
    /// Lets <paramref name="duration"/> pass: every 5 s each node reports "web" serving
    /// <paramref name="perReplica"/> invocations/s for each of its replicas (with
    /// <paramref name="latencyMs"/> p50), and every 15 s (the sync period) the autoscalers run.
    /// </summary>
    public void Run(TimeSpan duration, double perReplica, double latencyMs = 1, bool sync = true)
    {
        for (var t = TimeSpan.Zero; t < duration; t += SampleEvery)
        {
            Fleet.Time.Advance(SampleEvery);
            var now = Fleet.Time.GetUtcNow();
            var placed = Fleet.Fleet.AutoscaleTargetOf(Workload)!.Placed;
            foreach (var node in new[] { "n1", "n2", "n3", "n4" })
            {
                var here = placed.Count(r => r.Node == node);
                var (sequence, invocations) = _counters.GetValueOrDefault(node);
                invocations += (ulong)Math.Round(here * perReplica * SampleEvery.TotalSeconds);
                _counters[node] = (sequence + 1, invocations);
                Series.For(node).Record(new IngestedSample(sequence + 1, now, 0.1, 1, 2, 0, 0, 0, 0, 0, 1,
                    here == 0 ? [] : [new IngestedWorkload(Workload, invocations, 0, latencyMs, latencyMs * 2, here, 0, 0)]));
            }

            if (sync && (now - DateTimeOffset.UnixEpoch).Ticks % TimeSpan.FromSeconds(15).Ticks == 0)
            {
                Autoscalers.Sync();
            }
        }
    }

    /// <summary>Lets <paramref name="duration"/> pass with only <paramref name="node"/> counting invocations of "web" (a cold placement does while scaled to zero).</summary>
    public void Invocations(string node, double perSecond, TimeSpan duration)
    {
        for (var t = TimeSpan.Zero; t < duration; t += SampleEvery)
        {
            Fleet.Time.Advance(SampleEvery);
            var (sequence, invocations) = _counters.GetValueOrDefault(node);
            invocations += (ulong)Math.Round(perSecond * SampleEvery.TotalSeconds);
            _counters[node] = (sequence + 1, invocations);
            Series.For(node).Record(new IngestedSample(sequence + 1, Fleet.Time.GetUtcNow(), 0.1, 1, 2, 0, 0, 0, 0, 0, 1,
                [new IngestedWorkload(Workload, invocations, 0, 1, 2, 0, 0, 0)]));
        }
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private HorizontalAutoscalers NewAutoscalers() => new(
        _store, Fleet.Fleet, Series, Fleet.Time, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<HorizontalAutoscalers>.Instance);
}
