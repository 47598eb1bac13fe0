using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Controller.Tests;

/// <summary>
/// Applies of two global workloads racing each other, one node reconnecting over and over, and
/// telemetry arriving meanwhile, on real threads over a LiteDB store in a temp file: every
/// session sees its versions only grow, every node ends with the last spec of both workloads,
/// and the store holds what the nodes were sent (a restart sends nothing new).
/// </summary>
public sealed class FleetStateRaceTests
{
    private const int Nodes = 20;
    private const int Rounds = 40;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Path.Combine(Path.GetTempPath(), "edge-controller-race-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Test]
    public async Task ApplyWorkload_RacingAppliesAndAReconnect_NoLostUpdateVersionsOnlyGrowStoreKeepsUp()
    {
        var path = Path.Combine(_dir, "fleet.db");
        var store = new LiteDbFleetStore(path);
        var fleet = NewFleet(store);
        fleet.ApplyWorkload(Global("a", "a0"));
        fleet.ApplyWorkload(Global("b", "b0"));
        var watched = new List<Watched>();
        for (var i = 0; i < Nodes; i++)
        {
            var (session, desired) = fleet.Connect($"n{i}", Records.Facts(), 0, [], "peer");
            watched.Add(new Watched(session, desired));
        }

        using var start = new Barrier(4);
        var applyA = Task.Run(() => ApplyRounds(fleet, "a", start));
        var applyB = Task.Run(() => ApplyRounds(fleet, "b", start));
        var telemetry = Task.Run(() =>
        {
            start.SignalAndWait(Bound);
            for (ulong seq = 1; seq <= Rounds * 10; seq++)
            {
                fleet.RecordTelemetry($"n{(int)(seq % Nodes)}", new NodeTelemetrySample(seq, _time.GetUtcNow(), 0.1, 1, 2, 0, 2));
            }
        });
        var reconnects = Task.Run(() =>
        {
            start.SignalAndWait(Bound);
            for (var i = 0; i < Rounds; i++)
            {
                var (session, desired) = fleet.Connect("n0", Records.Facts(), 0, [], $"peer-{i}");
                lock (watched)
                {
                    watched.Add(new Watched(session, desired));
                }
            }
        });

        var all = Task.WhenAll(applyA, applyB, telemetry, reconnects);
        while (!all.IsCompleted)
        {
            lock (watched)
            {
                watched.ForEach(w => w.Drain());
            }

            await Task.Yield();
        }

        await all.WaitAsync(Bound);
        watched.ForEach(w => w.Drain());
        var views = fleet.ListNodes().ToDictionary(n => n.Name);
        var last = watched.GroupBy(w => w.Session.Node).Select(g => g.Last()).ToList();

        Assert.Multiple(() =>
        {
            foreach (var w in watched)
            {
                Assert.That(w.Versions, Is.Ordered.Ascending.And.Unique, $"{w.Session.Node} on {w.Session.Peer}");
            }

            var n0 = watched.Where(w => w.Session.Node == "n0").ToList();
            for (var i = 1; i < n0.Count; i++)
            {
                Assert.That(n0[i].Versions[0], Is.GreaterThanOrEqualTo(n0[i - 1].Versions[^1]), "a new stream of n0 started below a version its last stream had");
            }

            foreach (var w in last)
            {
                Assert.That(w.Latest.Version, Is.EqualTo(views[w.Session.Node].DesiredVersion), $"{w.Session.Node}: the newest version never reached its stream");
                Assert.That(w.Latest.Workloads.Select(x => x.Env["RUN"]), Is.EqualTo(new[] { $"a{Rounds}", $"b{Rounds}" }), $"{w.Session.Node}: a lost update");
            }

            Assert.That(views.Values.Select(v => v.Telemetry?.Sequence ?? 0).Max(), Is.EqualTo((ulong)(Rounds * 10)));
        });

        store.Dispose();
        using var reopened = new LiteDbFleetStore(path);
        var restarted = NewFleet(reopened);
        Assert.Multiple(() =>
        {
            foreach (var w in last)
            {
                var (_, desired) = restarted.Connect(w.Session.Node, Records.Facts(), w.Latest.Version, [], "after-restart");
                Assert.That(desired.Version, Is.EqualTo(w.Latest.Version), $"{w.Session.Node}: the store forgot the version it was sent, or a restart moved it");
            }
        });
    }

    private static WorkloadRecord Global(string name, string run)
    {
        var w = Records.Workload(name);
        w.Env["RUN"] = run;
        return w;
    }

    private static void ApplyRounds(FleetState fleet, string name, Barrier start)
    {
        start.SignalAndWait(Bound);
        for (var i = 1; i <= Rounds; i++)
        {
            fleet.ApplyWorkload(Global(name, $"{name}{i}"));
        }
    }

    private FleetState NewFleet(IFleetStore store) => FleetHarness.NewFleet(store, _time);

    /// <summary>One stream: its first snapshot and what it received after.</summary>
    private sealed class Watched(NodeSession session, DesiredSnapshot first)
    {
        public NodeSession Session { get; } = session;

        public List<long> Versions { get; } = [first.Version];

        public DesiredSnapshot Latest { get; private set; } = first;

        public void Drain()
        {
            while (Session.Outgoing.TryRead(out var snapshot))
            {
                Versions.Add(snapshot.Version);
                Latest = snapshot;
            }
        }
    }
}
