using Edge.Agent.State;
using Edge.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.State;

public sealed class TelemetryOutboxTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly OutboxLimits Roomy = new(1000, 1 << 20, TimeSpan.FromHours(1));
    private TempDirectory _dir = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDirectory();
        _time = new FakeTimeProvider(Start);
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void Enqueue_Three_PeekReturnsThemInOrder()
    {
        using var store = Open();
        Enqueue(store, 3, Roomy);

        var batch = store.PeekTelemetry(10, 1 << 20);

        Assert.That(batch.Select(e => e.Sequence), Is.EqualTo(new ulong[] { 1, 2, 3 }));
        Assert.That(batch.Select(e => e.Payload[0]), Is.EqualTo(new byte[] { 1, 2, 3 }), "the payload carries the sequence it was given");
    }

    [Test]
    public void Acknowledge_Through_RemovesOnlyThoseAndCounts()
    {
        using var store = Open();
        Enqueue(store, 5, Roomy);

        store.AcknowledgeTelemetry(3);

        var figures = store.TelemetryFigures();
        Assert.That(store.PeekTelemetry(10, 1 << 20).Select(e => e.Sequence), Is.EqualTo(new ulong[] { 4, 5 }));
        Assert.That(figures, Is.EqualTo(new OutboxFigures(LastSequence: 5, Pending: 2, PendingBytes: 20, Acknowledged: 3, Dropped: 0)));
    }

    [Test]
    public void Enqueue_PastSampleLimit_DropsOldestAndCounts()
    {
        using var store = Open();

        Enqueue(store, 15, Roomy with { MaxSamples = 10 });

        var figures = store.TelemetryFigures();
        Assert.That(store.PeekTelemetry(100, 1 << 20).Select(e => e.Sequence), Is.EqualTo(Enumerable.Range(6, 10).Select(i => (ulong)i)));
        Assert.That(figures.Dropped, Is.EqualTo(5));
        Assert.That(figures.LastSequence, Is.EqualTo(figures.Acknowledged + figures.Dropped + (ulong)figures.Pending), "produced = acknowledged + dropped + pending");
    }

    [Test]
    public void Enqueue_PastByteLimit_DropsOldest()
    {
        using var store = Open();

        Enqueue(store, 10, Roomy with { MaxBytes = 45 });

        Assert.That(store.TelemetryFigures(), Is.EqualTo(new OutboxFigures(10, 4, 40, 0, 6)));
    }

    [Test]
    public void Enqueue_OlderThanMaxAge_DropsThem()
    {
        using var store = Open();
        Enqueue(store, 3, Roomy);
        _time.Advance(TimeSpan.FromHours(2));

        Enqueue(store, 1, Roomy);

        Assert.That(store.PeekTelemetry(10, 1 << 20).Select(e => e.Sequence), Is.EqualTo(new ulong[] { 4 }));
        Assert.That(store.TelemetryFigures().Dropped, Is.EqualTo(3));
    }

    [Test]
    public void Enqueue_WhileBatchInFlight_NeverDropsTheBatch()
    {
        using var store = Open();
        var limits = Roomy with { MaxSamples = 10 };
        Enqueue(store, 10, limits);
        var inFlight = store.PeekTelemetry(3, 1 << 20);

        Enqueue(store, 2, limits);
        store.AcknowledgeTelemetry(inFlight[^1].Sequence);

        var figures = store.TelemetryFigures();
        Assert.That(figures.Acknowledged, Is.EqualTo(3));
        Assert.That(figures.Dropped, Is.EqualTo(2), "samples 4 and 5 went, not the three being sent");
        Assert.That(figures.LastSequence, Is.EqualTo(figures.Acknowledged + figures.Dropped + (ulong)figures.Pending));
    }

    [Test]
    public void Peek_ByteLimit_StopsBeforeExceeding()
    {
        using var store = Open();
        Enqueue(store, 5, Roomy);

        var batch = store.PeekTelemetry(10, 25);

        Assert.That(batch, Has.Count.EqualTo(2));
    }

    [Test]
    public void Reopen_KeepsPendingSequenceAndCounters()
    {
        using (var first = Open())
        {
            Enqueue(first, 12, Roomy with { MaxSamples = 10 });
            first.AcknowledgeTelemetry(5);
        }

        using var second = Open();
        Enqueue(second, 1, Roomy);

        Assert.That(second.TelemetryFigures(), Is.EqualTo(new OutboxFigures(13, 8, 80, 3, 2)));
        Assert.That(second.PeekTelemetry(1, 1 << 20)[0].Sequence, Is.EqualTo(6UL));
    }

    private void Enqueue(AgentStateStore store, int count, OutboxLimits limits)
    {
        for (var i = 0; i < count; i++)
        {
            store.EnqueueTelemetry(Payload, Now(), limits);
        }
    }

    private DateTimeOffset Now() => _time.GetUtcNow();

    private static byte[] Payload(ulong sequence)
    {
        var bytes = new byte[10];
        bytes[0] = (byte)sequence;
        return bytes;
    }

    [Test]
    public void TelemetryStream_Reopened_SameStream()
    {
        ulong stream;
        using (var store = Open())
        {
            stream = store.TelemetryStream();
        }

        using var reopened = Open();

        Assert.Multiple(() =>
        {
            Assert.That(stream, Is.Not.Zero);
            Assert.That(reopened.TelemetryStream(), Is.EqualTo(stream));
        });
    }

    [Test]
    public void TelemetryStream_FileQuarantined_NewStreamAndSequenceFromOne()
    {
        ulong stream;
        using (var store = Open())
        {
            stream = store.TelemetryStream();
            Enqueue(store, 5, Roomy);
        }

        var path = Path.Combine(_dir.Path, "agent.db");
        File.WriteAllBytes(path, [.. Enumerable.Repeat((byte)0x5A, 16384)]);
        using var replaced = Open();

        Assert.Multiple(() =>
        {
            Assert.That(replaced.Quarantined, Is.Not.Null);
            Assert.That(replaced.TelemetryStream(), Is.Not.EqualTo(stream).And.Not.Zero);
            Assert.That(replaced.NextSequence(), Is.EqualTo(1UL));
        });
    }

    private AgentStateStore Open()
    {
        var store = new AgentStateStore(_dir.Path, NullLogger<AgentStateStore>.Instance);
        store.Open(_time);
        return store;
    }
}
