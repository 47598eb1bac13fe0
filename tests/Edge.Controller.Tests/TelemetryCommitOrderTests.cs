using System.Buffers;
using System.Collections.Concurrent;
using Edge.Controller.Hosting;
using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Tests;

/// <summary>
/// The ingest's group commit and its recording workers: publishes that share a commit are
/// recorded and answered in the order they were taken, a failed commit answers none of them as
/// stored and tells no watermark, and no watermark is told that the file does not hold.
/// Real LiteDB file, publishes in flight at once.
/// </summary>
public sealed class TelemetryCommitOrderTests
{
    private const ulong Stream = 0xC3C3C3C3C3C3C3C3;
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private string _dir = null!;
    private FleetHarness _h = null!;
    private TelemetrySeriesStore _series = null!;
    private TelemetryAcknowledgements _acks = null!;
    private TelemetryWatermarks _watermarks = null!;
    private TelemetryIngest _ingest = null!;

    private string DbPath => Path.Combine(_dir, "telemetry.db");

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-commit-order-" + Guid.NewGuid().ToString("N"));
        _h = new FleetHarness();
        _series = new TelemetrySeriesStore(Options.Create(new ControllerOptions()));
        _acks = new TelemetryAcknowledgements();
        _watermarks = new TelemetryWatermarks(DbPath, TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance);
        _ingest = new TelemetryIngest(_h.Fleet, _series, _watermarks, NullLogger<TelemetryIngest>.Instance, _acks);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _ingest.DisposeAsync();
        _watermarks.Dispose();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Test]
    public async Task IngestAsync_OneNodesPublishesInFlightAtOnce_RecordedAndAnsweredInOrder()
    {
        _h.Connect("n1", Records.Facts());
        var answered = new ConcurrentQueue<ulong>();

        // 300 publishes of one node, none awaiting the one before: most share a commit with others of the node.
        var publishes = Enumerable.Range(1, 300).Select(s => (ulong)s).Select(s =>
            _ingest.IngestAsync(Topic("n1"), Payload("n1", s)).ContinueWith(t =>
            {
                answered.Enqueue(s); // runs where the publish is answered
                return t.Result;
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)).ToArray();
        var outcomes = await Task.WhenAll(publishes);

        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.All.EqualTo(IngestOutcome.Ingested));
            Assert.That(_series.Find("n1")!.Raw(null, long.MinValue).Select(p => p.Sequence), Is.Ordered.Ascending.And.Unique, "recorded oldest first");
            Assert.That(_series.Find("n1")!.Raw(null, long.MinValue)[^1].Sequence, Is.EqualTo(300));
            Assert.That(answered, Is.EqualTo(Enumerable.Range(1, 300).Select(s => (ulong)s)), "answered in the order taken");
            Assert.That(_series.Find("n1")!.Ingested, Is.EqualTo(300UL));
            Assert.That(_h.Node("n1").Telemetry!.Sequence, Is.EqualTo(300UL));
            Assert.That(_ingest.Commits, Is.LessThan(300), "publishes in flight together share commits");
            Assert.That(_acks.For("n1").Read().Mark, Is.EqualTo(new NodeWatermark("n1", Stream, 300)));
        });
    }

    [Test]
    public async Task IngestAsync_ManyNodesConcurrently_EveryNodesSeriesInOrderAndFileHoldsEveryWatermark()
    {
        var nodes = Enumerable.Range(0, 40).Select(i => $"n{i}").ToArray();
        foreach (var node in nodes)
        {
            _h.Connect(node, Records.Facts());
        }

        // Each node publishes 25 samples, awaiting each answer as an agent does; all nodes at once.
        await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
        {
            for (ulong s = 1; s <= 25; s++)
            {
                Assert.That(await _ingest.IngestAsync(Topic(node), Payload(node, s)), Is.EqualTo(IngestOutcome.Ingested));
            }
        })));
        var told = nodes.ToDictionary(n => n, n => _acks.For(n).Read().Mark);
        await _ingest.DisposeAsync();
        _watermarks.Dispose();

        using var reopened = new TelemetryWatermarks(DbPath, TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance);
        var stored = reopened.Load().ToDictionary(m => m.Node);
        Assert.Multiple(() =>
        {
            Assert.That(_ingest.Accepted, Is.EqualTo(40 * 25));
            foreach (var node in nodes)
            {
                var sequences = _series.Find(node)!.Raw(null, long.MinValue).Select(p => p.Sequence).ToList();
                Assert.That(sequences, Is.EqualTo(Enumerable.Range(1, 25).Select(s => (ulong)s)), node);
                Assert.That(stored[node], Is.EqualTo(new NodeWatermark(node, Stream, 25)), node);
                Assert.That(told[node], Is.EqualTo(stored[node]), $"{node}: told exactly what the file holds");
            }
        });
    }

    [Test]
    public async Task IngestAsync_CommitFailsWithPublishesInFlight_NoneStoredRecordedOrTold()
    {
        _h.Connect("n1", Records.Facts());
        for (ulong s = 1; s <= 5; s++)
        {
            await _ingest.IngestAsync(Topic("n1"), Payload("n1", s));
        }

        var before = (_ingest.Accepted, _series.Find("n1")!.Ingested, _h.Node("n1").Telemetry!.Sequence, _acks.For("n1").Read().Mark);
        var (_, changed) = _acks.For("n1").Read();
        _watermarks.Dispose(); // from here the file cannot be written

        var outcomes = await Task.WhenAll(Enumerable.Range(6, 20).Select(s => _ingest.IngestAsync(Topic("n1"), Payload("n1", (ulong)s))));

        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.All.EqualTo(IngestOutcome.NotStored));
            Assert.That((_ingest.Accepted, _series.Find("n1")!.Ingested, _h.Node("n1").Telemetry!.Sequence, _acks.For("n1").Read().Mark), Is.EqualTo(before));
            Assert.That(before.Mark, Is.EqualTo(new NodeWatermark("n1", Stream, 5)));
            Assert.That(changed.IsCompleted, Is.False, "no watermark told past the last stored one");
        });
    }

    [Test]
    public async Task IngestAsync_RedeliveryInFlightWithItsOriginal_AnsweredAfterTheOriginalIsRecorded()
    {
        _h.Connect("n1", Records.Facts());

        var original = _ingest.IngestAsync(Topic("n1"), Payload("n1", 1));
        var redelivery = _ingest.IngestAsync(Topic("n1"), Payload("n1", 1));
        var second = await redelivery;
        var recordedWhenAnswered = _series.Find("n1")?.Ingested ?? 0;

        var first = await original;

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(IngestOutcome.Ingested));
            Assert.That(recordedWhenAnswered, Is.EqualTo(1UL), "the redelivery is answered only once its original is stored and recorded");
            Assert.That(first, Is.EqualTo(IngestOutcome.Ingested));
            Assert.That(_ingest.Duplicates, Is.EqualTo(1));
        });
    }

    private static string Topic(string node) => $"edge/v1/nodes/{node}/telemetry";

    private static ReadOnlySequence<byte> Payload(string node, ulong sequence)
    {
        var batch = new TelemetryBatch { Node = node, Stream = Stream, PreviousSequence = sequence - 1 };
        batch.Samples.Add(new NodeSample
        {
            Sequence = sequence,
            SampledAt = Timestamp.FromDateTimeOffset(T0.AddSeconds(sequence * 10)),
            CpuUsageRatio = 0.25,
        });
        return new(batch.ToByteArray());
    }
}
