using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Edge.IntegrationTests;

/// <summary>
/// A real agent process whose every guest slot runs a spinning guest: guests run on the agent's
/// own guest threads at a lower priority, the epoch ticker on a thread of its own, so timeouts
/// fire on time and the status API keeps answering. Bounds are correctness bounds, generous for
/// a loaded machine; before guests had threads of their own a 2 s timeout fired after 5.9–9.5 s
/// and /status went unanswered for about 10 s on 2 cores.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class GuestSaturationTests
{
    private const string Spin = """
        (module
          (memory (export "memory") 1)
          (func (export "_start") (loop $again (br $again))))
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>A 2 s timeout must fire well before the old 5.9 s; 1.5 s of slack for request handling on a loaded machine.</summary>
    private static readonly TimeSpan TimeoutBound = TimeSpan.FromSeconds(3.5);

    /// <summary>/status and /metrics must answer while every slot spins (they went unanswered ~10 s before).</summary>
    private static readonly TimeSpan ControlPlaneBound = TimeSpan.FromSeconds(1.5);

    [Test]
    public async Task EveryGuestSlotSpinning_TwoSecondTimeout_FiresOnTimeAndStatusAndMetricsAnswer()
    {
        var guests = 4 * Environment.ProcessorCount; // the agent's default guest threads: 4 per core
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        await ApplySpinAsync(fleet, guests);
        await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Workloads.Any(w => w.Name == "spin" && w.Phase == WorkloadPhase.Running), Bound, "node-1 runs spin");
        var url = fleet.AgentStatusUrl("node-1");
        using var http = new HttpClient { Timeout = Bound };

        var spins = Enumerable.Range(0, guests).Select(_ => TimedAsync(http, $"{url}/w/spin")).ToList();
        // Every slot busy at once, as /metrics itself says.
        await Eventually.Until(() => fleet.AgentMetricsAsync("node-1"), m => BusyInstances(m) == guests, Bound, $"{guests} spin instances busy");
        var probes = new List<(string Path, HttpStatusCode Status, TimeSpan Elapsed, string Body)>();
        for (var i = 0; i < 3; i++)
        {
            foreach (var path in new[] { "/status", "/metrics" })
            {
                var (status, elapsed, body) = await TimedAsync(http, url + path);
                probes.Add((path, status, elapsed, body));
            }
        }

        var busyWhileProbing = BusyInstances(probes.Last(p => p.Path == "/metrics").Body);
        var results = await Task.WhenAll(spins);

        Assert.Multiple(() =>
        {
            Assert.That(busyWhileProbing, Is.EqualTo(guests), "the probes ran while every guest slot spun");
            foreach (var (status, elapsed, body) in results)
            {
                Assert.That(status, Is.EqualTo(HttpStatusCode.GatewayTimeout), body);
                Assert.That(body, Does.Contain("timed out after 2s"));
                Assert.That(elapsed, Is.GreaterThanOrEqualTo(Timeout), "a run gets its whole budget");
                Assert.That(elapsed, Is.LessThan(TimeoutBound), "the 2 s timeout fired late");
            }

            foreach (var (path, status, elapsed, _) in probes)
            {
                Assert.That(status, Is.EqualTo(HttpStatusCode.OK), path);
                Assert.That(elapsed, Is.LessThan(ControlPlaneBound), $"{path} answered late while guests spun");
            }
        });
    }

    private static async Task ApplySpinAsync(LocalFleet fleet, int guests)
    {
        var request = new ApplyWorkloadRequest
        {
            Name = "spin",
            Module = ByteString.CopyFrom(Encoding.UTF8.GetBytes(Spin)),
            Mode = WorkloadMode.Global,
            Pool = new PoolSpec { MinWarm = 1, MaxConcurrency = guests, MaxQueue = 0 },
            Limits = new WorkloadLimits { Timeout = Duration.FromTimeSpan(Timeout) },
        };
        request.Triggers.Add(new Trigger { Kind = TriggerKind.Http });
        await fleet.Admin.ApplyWorkloadAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
    }

    private static async Task<(HttpStatusCode Status, TimeSpan Elapsed, string Body)> TimedAsync(HttpClient http, string url)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, Stopwatch.GetElapsedTime(started), body);
    }

    private static double BusyInstances(string metrics) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith("edge_workload_busy_instances{", StringComparison.Ordinal) && l.Contains("\"spin\"", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .FirstOrDefault();
}
