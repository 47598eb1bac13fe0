using Edge.Agent.State;
using Edge.Agent.Telemetry;
using Edge.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.State;

/// <summary>The outbox trimmed by the controller's watermark, with a real LiteDB file.</summary>
public sealed class OutboxAcknowledgementTests
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
    public void PeekTelemetry_After_StartsPastTheSentAndKeepsThem()
    {
        using var store = Open(6);

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
        using var store = Open(6);
        var acks = new OutboxAcknowledgement(store, _time, NullLogger<OutboxAcknowledgement>.Instance);
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
    public void Acknowledged_AnotherStream_NothingTrimmed()
    {
        using var store = Open(6);
        var acks = new OutboxAcknowledgement(store, _time, NullLogger<OutboxAcknowledgement>.Instance);

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
        using var store = Open(4);
        var limits = Roomy with { MaxSamples = 4 };
        var inFlight = store.PeekTelemetry(after: 2, 2, 1 << 20);

        store.TrimTelemetry(1);
        for (var i = 0; i < 4; i++)
        {
            store.EnqueueTelemetry(s => [(byte)s], _time.GetUtcNow(), limits);
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
        using var store = Open(4);
        store.MarkTelemetrySent(2);

        for (var i = 0; i < 3; i++)
        {
            store.EnqueueTelemetry(s => [(byte)s], _time.GetUtcNow(), Roomy with { MaxSamples = 4 });
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
        using var store = Open(6);
        var acks = new OutboxAcknowledgement(store, _time, NullLogger<OutboxAcknowledgement>.Instance);
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
        using var store = Open(1);
        var acks = new OutboxAcknowledgement(store, _time, NullLogger<OutboxAcknowledgement>.Instance);
        var before = acks.TrimOnPuback;

        acks.ControllerSays(acknowledges: false);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.False, "until a controller says otherwise, samples wait for its watermark");
            Assert.That(acks.TrimOnPuback, Is.True);
            Assert.That(acks.Mode, Is.EqualTo("broker"));
        });
    }

    private AgentStateStore Open(int samples)
    {
        var store = new AgentStateStore(_dir.Path, NullLogger<AgentStateStore>.Instance);
        store.Open(_time);
        for (var i = 0; i < samples; i++)
        {
            store.EnqueueTelemetry(s => [(byte)s, 0, 0, 0, 0, 0, 0, 0, 0, 0], _time.GetUtcNow(), Roomy);
        }

        return store;
    }
}
