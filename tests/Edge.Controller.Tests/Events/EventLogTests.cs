using Edge.Controller.Events;
using Edge.Controller.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Edge.Controller.Tests.Events;

/// <summary>The event log alone: folding, its bounds by count and age on a fake clock, watches, and its writes to a real LiteDB file.</summary>
public sealed class EventLogTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-events-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Test]
    public void Record_SameEventAgain_FoldsIntoOneWithCountAndBothTimes()
    {
        var log = NewLog(null);
        var first = log.Node("n1", EventType.Warning, "NodeDisconnected", "node n1 is Disconnected: no heartbeat");
        _time.Advance(TimeSpan.FromSeconds(30));
        var second = log.Node("n1", EventType.Warning, "NodeDisconnected", "node n1 is Disconnected: no heartbeat");

        var (events, _, sequence) = log.List(new EventFilter { AllTenants = true }, 100);
        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(events[0].Count, Is.EqualTo(2));
        Assert.That(events[0].Id, Is.EqualTo(first.Id));
        Assert.That(events[0].FirstSeen, Is.EqualTo(first.FirstSeen));
        Assert.That(events[0].LastSeen, Is.EqualTo(first.FirstSeen + TimeSpan.FromSeconds(30)));
        Assert.That(second.Sequence, Is.GreaterThan(first.Sequence), "a fold is a change a watcher sees");
        Assert.That(sequence, Is.EqualTo(second.Sequence));
    }

    [Test]
    public void Record_OtherMessageReasonOrObject_KeepsSeparateEvents()
    {
        var log = NewLog(null);
        log.Node("n1", EventType.Warning, "NodeDisconnected", "a");
        log.Node("n1", EventType.Warning, "NodeDisconnected", "b");
        log.Node("n1", EventType.Normal, "NodeReady", "a");
        log.Node("n2", EventType.Warning, "NodeDisconnected", "a");
        log.Workload("web.acme", EventType.Warning, "NodeDisconnected", "a");

        Assert.That(log.Count, Is.EqualTo(5));
        Assert.That(log.List(new EventFilter { AllTenants = true }, 100).Events.Select(e => e.Count), Is.All.EqualTo(1));
    }

    [Test]
    public void Record_PastMaxEvents_DropsTheLeastRecentlySeen()
    {
        var log = NewLog(null, new EventOptions { MaxEvents = 100 });
        for (var i = 0; i < 100; i++)
        {
            log.Node($"n{i}", EventType.Normal, "NodeReady", "hello");
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        log.Node("n0", EventType.Normal, "NodeReady", "hello"); // seen again: now the most recent
        log.Node("n100", EventType.Normal, "NodeReady", "hello");

        var names = log.List(new EventFilter { AllTenants = true }, 1000).Events.Select(e => e.Name).ToList();
        Assert.That(names, Has.Count.EqualTo(100));
        Assert.That(names, Does.Not.Contain("n1"), "the least recently seen went first");
        Assert.That(names, Does.Contain("n0"));
        Assert.That(names[^1], Is.EqualTo("n100"));
    }

    [Test]
    public void List_AfterRetention_EventsNotSeenSinceAreGone()
    {
        var log = NewLog(null, new EventOptions { Retention = TimeSpan.FromMinutes(10) });
        log.Node("old", EventType.Normal, "NodeReady", "hello");
        _time.Advance(TimeSpan.FromMinutes(6));
        log.Node("young", EventType.Normal, "NodeReady", "hello");
        _time.Advance(TimeSpan.FromMinutes(5));

        var names = log.List(new EventFilter { AllTenants = true }, 100).Events.Select(e => e.Name);
        Assert.That(names, Is.EqualTo(new[] { "young" }));
    }

    [Test]
    public void Record_LongMessage_IsCutToTheBound()
    {
        var log = NewLog(null);
        var e = log.Node("n1", EventType.Warning, "X", new string('m', 5000));
        Assert.That(e.Message, Has.Length.EqualTo(EventLog.MaxMessageLength));
        Assert.That(e.Message, Does.EndWith("…"));
    }

    [Test]
    public void List_Filters_ByTenantKindNameTypeReasonAndSince()
    {
        var log = NewLog(null);
        log.Node("n1", EventType.Warning, "NodeDisconnected", "x");
        log.Workload("web", EventType.Normal, "Scheduled", "x");
        log.Workload("web.acme", EventType.Warning, "FailedPlacement", "x");
        _time.Advance(TimeSpan.FromMinutes(5));
        log.Workload("api.acme", EventType.Normal, "Scheduled", "x");

        static string Names(IReadOnlyList<FleetEvent> events) => string.Join(",", events.Select(e => $"{e.Kind}/{e.Name}.{e.Tenant}"));
        Assert.That(Names(log.List(new EventFilter { Tenant = "default", FleetWide = true }, 100).Events), Is.EqualTo("Node/n1.,Workload/web.default"));
        Assert.That(Names(log.List(new EventFilter { Tenant = "acme" }, 100).Events), Is.EqualTo("Workload/web.acme,Workload/api.acme"));
        Assert.That(Names(log.List(new EventFilter { Tenant = "acme", Type = EventType.Warning }, 100).Events), Is.EqualTo("Workload/web.acme"));
        Assert.That(Names(log.List(new EventFilter { AllTenants = true, Kind = EventKinds.Workload, Name = "web" }, 100).Events), Is.EqualTo("Workload/web.default,Workload/web.acme"));
        Assert.That(Names(log.List(new EventFilter { AllTenants = true, Reason = "Scheduled", Since = _time.GetUtcNow() - TimeSpan.FromMinutes(1) }, 100).Events), Is.EqualTo("Workload/api.acme"));
        var limited = log.List(new EventFilter { AllTenants = true }, 2);
        Assert.That(Names(limited.Events), Is.EqualTo("Workload/web.acme,Workload/api.acme"), "the newest, oldest first");
        Assert.That(limited.Omitted, Is.EqualTo(2));
    }

    [Test]
    public void Flush_RealLiteDbFile_EventsSurviveARestartAndFoldOnAfterIt()
    {
        var path = Path.Combine(_dir, "fleet.db");
        long sequence;
        using (var store = new LiteDbFleetStore(path))
        {
            var log = NewLog(store);
            log.Node("n1", EventType.Warning, "NodeDisconnected", "no heartbeat");
            log.Node("n1", EventType.Warning, "NodeDisconnected", "no heartbeat");
            log.Workload("web.acme", EventType.Warning, "QuotaExceeded", "refused: replicas 4 > 3");
            Assert.That(log.Flush(), Is.EqualTo(2));
            Assert.That(log.Flush(), Is.Zero, "nothing changed since");
            sequence = log.Sequence;
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        using (var store = new LiteDbFleetStore(path))
        {
            var log = NewLog(store);
            var (events, _, after) = log.List(new EventFilter { AllTenants = true }, 100);
            Assert.That(events.Select(e => $"{e.Name} {e.Reason} x{e.Count}"), Is.EqualTo(new[] { "n1 NodeDisconnected x2", "web QuotaExceeded x1" }));
            Assert.That(events[1].Tenant, Is.EqualTo("acme"));
            Assert.That(after, Is.EqualTo(sequence));

            var folded = log.Node("n1", EventType.Warning, "NodeDisconnected", "no heartbeat");
            Assert.That(folded.Count, Is.EqualTo(3));
            Assert.That(folded.Sequence, Is.GreaterThan(sequence), "sequences go on from the stored ones");
            var added = log.Node("n2", EventType.Normal, "NodeReady", "hello");
            Assert.That(added.Id, Is.GreaterThan(events.Max(e => e.Id)), "a new event does not take a stored one's id");
            log.Flush();
        }

        using (var store = new LiteDbFleetStore(path))
        {
            Assert.That(store.LoadEvents().Select(r => $"{r.Name} x{r.Count}").Order(), Is.EqualTo(new[] { "n1 x3", "n2 x1", "web x1" }));
        }
    }

    [Test]
    public void Restart_AfterRetention_LoadsNoneAndDeletesThemFromTheFile()
    {
        var path = Path.Combine(_dir, "fleet.db");
        using (var store = new LiteDbFleetStore(path))
        {
            var log = NewLog(store, new EventOptions { Retention = TimeSpan.FromMinutes(10) });
            log.Node("n1", EventType.Normal, "NodeReady", "hello");
            log.Flush();
        }

        _time.Advance(TimeSpan.FromMinutes(11));
        using (var store = new LiteDbFleetStore(path))
        {
            var log = NewLog(store, new EventOptions { Retention = TimeSpan.FromMinutes(10) });
            Assert.That(log.Count, Is.Zero);
            log.Flush();
            Assert.That(store.LoadEvents(), Is.Empty);
        }
    }

    [Test]
    public void Flush_StoreFails_KeepsTheChangesAndWritesThemNextTime()
    {
        var store = new FailingEventStore { Fail = true };
        var log = NewLog(store);
        log.Node("n1", EventType.Normal, "NodeReady", "hello");

        Assert.That(() => log.Flush(), Throws.InstanceOf<IOException>());
        Assert.That(log.FlushFailure, Does.Contain("disk full"));
        Assert.That(log.Render(), Does.Contain("edge_events_flush_failures_total 1"));
        Assert.That(store.Saved, Is.Empty);

        store.Fail = false;
        Assert.That(log.Flush(), Is.EqualTo(1));
        Assert.That(store.Saved.Select(r => r.Name), Is.EqualTo(new[] { "n1" }));
        Assert.That(log.FlushFailure, Is.Null);
    }

    [Test]
    public async Task Watch_SendsKeptEventsAboveTheSequenceThenNewOnes_InTheFilter()
    {
        var log = NewLog(null);
        var before = log.Workload("web", EventType.Normal, "Scheduled", "one");
        log.Workload("web.acme", EventType.Normal, "Scheduled", "other tenant");
        log.Workload("web", EventType.Normal, "Scheduled", "two");

        using var watch = log.Watch(new EventFilter { Tenant = "default" }, before.Sequence);
        log.Workload("web.acme", EventType.Normal, "Scheduled", "other tenant again");
        log.Workload("web", EventType.Normal, "Scheduled", "one"); // folded: sent again with its count

        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (seen.Count < 2)
        {
            var e = await watch.Reader.ReadAsync(timeout.Token);
            seen.Add($"{e.Message} x{e.Count}");
        }

        Assert.That(seen, Is.EqualTo(new[] { "two x1", "one x2" }));
        Assert.That(watch.Reader.TryRead(out var extra), Is.False, $"nothing else: {extra}");
    }

    [Test]
    public void Watch_ReaderFallsBehind_IsEndedAndTheLogGoesOn()
    {
        var log = NewLog(null, new EventOptions { WatchBuffer = 16 });
        var watch = log.Watch(new EventFilter { AllTenants = true }, log.Sequence);
        for (var i = 0; i < 20; i++)
        {
            log.Node($"n{i}", EventType.Normal, "NodeReady", "hello");
        }

        Assert.That(log.Watches, Is.Zero, "an ended watch is no longer offered events");
        Assert.That(log.Count, Is.EqualTo(20));
        var drained = 0;
        while (watch.Reader.TryRead(out _))
        {
            drained++;
        }

        Assert.That(drained, Is.EqualTo(16));
        Assert.That(watch.Reader.Completion.Exception?.InnerException, Is.InstanceOf<EventWatchOverflowException>());
    }

    [Test]
    public void Watch_AtMaxWatchers_IsRefusedAndOpensNothing()
    {
        var log = NewLog(null, new EventOptions { MaxWatchers = 2 });
        using var a = log.Watch(new EventFilter(), 0);
        using var b = log.Watch(new EventFilter(), 0);

        Assert.That(() => log.Watch(new EventFilter(), 0), Throws.InstanceOf<EventLogException>().With.Message.Contains("Controller:Events:MaxWatchers"));
        Assert.That(log.Watches, Is.EqualTo(2));
        b.Dispose();
        using var c = log.Watch(new EventFilter(), 0);
        Assert.That(log.Watches, Is.EqualTo(2));
    }

    private EventLog NewLog(IEventStore? store, EventOptions? options = null) =>
        new(store, _time, MsOptions.Create(options ?? new EventOptions()), NullLogger<EventLog>.Instance);

    private sealed class FailingEventStore : IEventStore
    {
        public bool Fail { get; set; }

        public List<EventRecord> Saved { get; } = [];

        public IReadOnlyList<EventRecord> LoadEvents() => [];

        public void SaveEvents(IReadOnlyList<EventRecord> upserts, IReadOnlyList<long> deletes)
        {
            if (Fail)
            {
                throw new IOException("disk full");
            }

            Saved.AddRange(upserts);
        }
    }
}
