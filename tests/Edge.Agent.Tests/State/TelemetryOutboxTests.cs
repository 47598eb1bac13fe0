using Edge.Agent.State;
using Edge.Agent.Telemetry;
using Edge.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.State;

public sealed class TelemetryOutboxTests : StateStoreFixture
{
    private static readonly OutboxLimits Roomy = new(1000, 1 << 20, TimeSpan.FromHours(1));

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
        Time.Advance(TimeSpan.FromHours(2));

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

    [Test]
    public void PeekTelemetry_After_StartsPastTheSentAndKeepsThem()
    {
        using var store = Open();
        Enqueue(store, 6, Roomy);

        var next = store.PeekTelemetry(after: 3, 2, 1 << 20);

        Assert.Multiple(() =>
        {
            Assert.That(next.Select(e => e.Sequence), Is.EqualTo(new ulong[] { 4, 5 }));
            Assert.That(store.TelemetryFigures().Pending, Is.EqualTo(6), "sent is not delivered: nothing leaves the outbox on a peek");
            Assert.That(store.CountTelemetryThrough(3), Is.EqualTo(3));
        });
    }

    [Test]
    public void Acknowledged_OwnStream_TrimsThroughTheWatermarkAndCounts()
    {
        using var store = Open();
        Enqueue(store, 6, Roomy);
        var acks = new OutboxAcknowledgement(store, Time, NullLogger<OutboxAcknowledgement>.Instance);
        var progressed = 0;
        acks.Progressed += () => progressed++;

        acks.Acknowledged(store.TelemetryStream(), 4);
        acks.Acknowledged(store.TelemetryStream(), 2);

        var figures = store.TelemetryFigures();
        Assert.Multiple(() =>
        {
            Assert.That(store.PeekTelemetry(10, 1 << 20).Select(e => e.Sequence), Is.EqualTo(new ulong[] { 5, 6 }));
            Assert.That(figures.Acknowledged, Is.EqualTo(4UL));
            Assert.That(figures.LastSequence, Is.EqualTo(figures.Acknowledged + figures.Dropped + (ulong)figures.Pending));
            Assert.That(acks.AcknowledgedThrough, Is.EqualTo(4UL), "an older watermark does not move it back");
            Assert.That(progressed, Is.EqualTo(1));
        });
    }

    [Test]
    public void Acknowledged_StateFileFailingAtEachTrim_NeverThrowsAndTheStoreIsRebuilt()
    {
        ulong stream;
        using (var before = Open())
        {
            Enqueue(before, 6, Roomy);
            stream = before.TelemetryStream();
        }

        Assert.That(Edge.Testing.LiteDbDamage.MisplaceFreeListSlots(Path.Combine(Dir.Path, "agent.db")), Is.Positive);
        using var store = Open();
        var acks = new OutboxAcknowledgement(store, Time, NullLogger<OutboxAcknowledgement>.Instance);

        for (ulong sequence = 1; sequence <= 4; sequence++)
        {
            Assert.That(() => acks.Acknowledged(stream, sequence), Throws.Nothing, $"acknowledgement {sequence}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(store.Health.Quarantines, Is.EqualTo(1), "the failing file was reopened, then moved aside");
            Assert.That(store.TelemetryStream(), Is.Not.EqualTo(stream), "the rebuilt file has a stream of its own");
            Assert.That(acks.AcknowledgedThrough, Is.Zero, "the old stream's watermark means nothing to the new file");
        });
    }

    [Test]
    public void Acknowledged_AnotherStream_NothingTrimmed()
    {
        using var store = Open();
        Enqueue(store, 6, Roomy);
        var acks = new OutboxAcknowledgement(store, Time, NullLogger<OutboxAcknowledgement>.Instance);

        acks.Acknowledged(store.TelemetryStream() ^ 1, 6);

        Assert.Multiple(() =>
        {
            Assert.That(store.TelemetryFigures().Pending, Is.EqualTo(6));
            Assert.That(store.TelemetryFigures().Acknowledged, Is.Zero);
            Assert.That(acks.AcknowledgedThrough, Is.Zero);
        });
    }

    [Test]
    public void TrimTelemetry_WhileABatchIsInFlight_InFlightStillSafeFromDrops()
    {
        using var store = Open();
        Enqueue(store, 4, Roomy);
        var limits = Roomy with { MaxSamples = 4 };
        var inFlight = store.PeekTelemetry(after: 2, 2, 1 << 20);

        store.TrimTelemetry(1);
        for (var i = 0; i < 4; i++)
        {
            store.EnqueueTelemetry(s => [(byte)s], Time.GetUtcNow(), limits);
        }

        var left = store.PeekTelemetry(10, 1 << 20).Select(e => e.Sequence).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(inFlight.Select(e => e.Sequence), Is.EqualTo(new ulong[] { 3, 4 }));
            Assert.That(left, Does.Contain(3UL).And.Contain(4UL), "the batch being published is not dropped");
            Assert.That(left, Has.Count.EqualTo(4));
        });
    }

    [Test]
    public void Enqueue_PastBoundAfterASend_DropsOfSentSamplesCountedApart()
    {
        using var store = Open();
        Enqueue(store, 4, Roomy);
        store.MarkTelemetrySent(2);

        for (var i = 0; i < 3; i++)
        {
            store.EnqueueTelemetry(s => [(byte)s], Time.GetUtcNow(), Roomy with { MaxSamples = 4 });
        }

        var figures = store.TelemetryFigures();
        Assert.Multiple(() =>
        {
            Assert.That(figures.Dropped, Is.EqualTo(3UL));
            Assert.That(figures.DroppedAfterSend, Is.EqualTo(2UL), "1 and 2 had gone to the broker, 3 had not");
            Assert.That(store.PeekTelemetry(10, 1 << 20).Select(e => e.Sequence), Is.EqualTo(new ulong[] { 4, 5, 6, 7 }));
        });
    }

    [Test]
    public void Figures_ShowWatermarkUnacknowledgedAndMode()
    {
        using var store = Open();
        Enqueue(store, 6, Roomy);
        var acks = new OutboxAcknowledgement(store, Time, NullLogger<OutboxAcknowledgement>.Instance);
        acks.ControllerSays(acknowledges: true);
        acks.Acknowledged(store.TelemetryStream(), 2);
        acks.Resending(5);
        acks.Resent(3);

        var figures = acks.Figures(highestSent: 5);

        Assert.That(figures, Is.EqualTo(new OutboxAcknowledgementFigures("controller", 2, 3, 1, 3)));
    }

    [Test]
    public void ControllerSays_NoAcknowledgement_PubackTrims()
    {
        using var store = Open();
        Enqueue(store, 1, Roomy);
        var acks = new OutboxAcknowledgement(store, Time, NullLogger<OutboxAcknowledgement>.Instance);
        var before = acks.TrimOnPuback;

        acks.ControllerSays(acknowledges: false);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.False, "until a controller says otherwise, samples wait for its watermark");
            Assert.That(acks.TrimOnPuback, Is.True);
            Assert.That(acks.Mode, Is.EqualTo("broker"));
        });
    }

    private void Enqueue(AgentStateStore store, int count, OutboxLimits limits)
    {
        for (var i = 0; i < count; i++)
        {
            store.EnqueueTelemetry(Payload, Now(), limits);
        }
    }

    private DateTimeOffset Now() => Time.GetUtcNow();

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

        var path = Path.Combine(Dir.Path, "agent.db");
        File.WriteAllBytes(path, [.. Enumerable.Repeat((byte)0x5A, 16384)]);
        using var replaced = Open();

        Assert.Multiple(() =>
        {
            Assert.That(replaced.Quarantined, Is.Not.Null);
            Assert.That(replaced.TelemetryStream(), Is.Not.EqualTo(stream).And.Not.Zero);
            Assert.That(replaced.NextSequence(), Is.EqualTo(1UL));
        });
    }
}
