using System.Diagnostics;
using Edge.Controller.Events;
using EventLog = Edge.Controller.Events.EventLog;
using Edge.Controller.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Benchmarks;

/// <summary>
/// The event log in process, over a real LiteDB fleet store: 100,000 distinct node events
/// recorded from one thread while 10 watchers (each a WatchEvents stream's queue, read by its
/// own task) take every one, with the store flushed every 100 ms. Baseline in the same run: the
/// same events recorded with no watcher. Clock spans: from the first Record to the last event
/// read by the slowest watcher (watched) or to the last Record returning (baseline); flushes run
/// alongside, as in the controller. After one discarded run of each. Not over gRPC: the cost of the
/// stream to edgectl is not in it.
/// </summary>
internal static class EventLogSuite
{
    private const int Events = 100_000;
    private const int Watchers = 10;

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var figures = new Dictionary<string, double>
        {
            ["load_average_1m_before"] = SchedulerSuite.LoadAverage(),
            ["events"] = Events,
            ["watchers"] = Watchers,
        };
        // Warm-up (JIT, LiteDB's first file), both ways, discarded.
        await RunOnceAsync(0);
        await RunOnceAsync(Watchers);
        figures["events_recorded_per_s_no_watchers"] = await RunOnceAsync(0);
        figures["events_recorded_and_read_per_s_10_watchers_in_process"] = await RunOnceAsync(Watchers);
        figures["ratio_watched_to_baseline"] = figures["events_recorded_and_read_per_s_10_watchers_in_process"] / figures["events_recorded_per_s_no_watchers"];
        return figures;
    }

    private static async Task<double> RunOnceAsync(int watchers)
    {
        var dir = Path.Combine(Path.GetTempPath(), "edge-bench-events-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            using var store = new LiteDbFleetStore(Path.Combine(dir, "fleet.db"));
            var log = new EventLog(store, TimeProvider.System, Options.Create(new EventOptions { MaxEvents = 200_000, WatchBuffer = Events + 1, MaxWatchers = Watchers }), NullLogger<EventLog>.Instance);
            using var stop = new CancellationTokenSource();
            var flusher = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    log.Flush();
                    await Task.Delay(100).ConfigureAwait(false);
                }
            });
            var watches = Enumerable.Range(0, watchers).Select(_ => log.Watch(new EventFilter { AllTenants = true }, log.Sequence)).ToList();
            var readers = watches.Select(w => Task.Run(async () =>
            {
                var read = 0;
                while (read < Events && await w.Reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (w.Reader.TryRead(out _))
                    {
                        read++;
                    }
                }

                return read;
            })).ToList();

            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Events; i++)
            {
                log.Node($"n{i % 10_000:00000}", EventType.Warning, "NodeDisconnected", $"node is Disconnected: no heartbeat ({i})");
            }

            var counts = await Task.WhenAll(readers);
            var seconds = clock.Elapsed.TotalSeconds;
            if (counts.Any(c => c != Events))
            {
                throw new InvalidOperationException($"a watcher read {counts.Min()} of {Events} events");
            }

            await stop.CancelAsync();
            await flusher;
            foreach (var w in watches)
            {
                w.Dispose();
            }

            log.Flush();
            return Events / seconds;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
