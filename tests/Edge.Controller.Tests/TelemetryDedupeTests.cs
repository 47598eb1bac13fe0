using System.Buffers;
using Edge.Controller.Hosting;
using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Tests;

/// <summary>Duplicate detection by stream and sequence, with the watermarks in a real LiteDB file across a controller restart.</summary>
public sealed class TelemetryDedupeTests
{
    private const string Topic = "edge/v1/nodes/n1/telemetry";
    private const ulong StreamA = 0xA1A1A1A1A1A1A1A1;
    private const ulong StreamB = 0xB2B2B2B2B2B2B2B2;
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private string _dir = null!;
    private FleetHarness _h = null!;
    private readonly List<TelemetryIngest> _ingests = [];
    private readonly List<TelemetryWatermarks> _files = [];

    private string DbPath => Path.Combine(_dir, "telemetry.db");

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-telemetry-tests-" + Guid.NewGuid().ToString("N"));
        _h = new FleetHarness();
        _h.Connect("n1", Records.Facts());
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var ingest in _ingests)
        {
            await ingest.DisposeAsync();
        }

        foreach (var file in _files)
        {
            file.Dispose();
        }

        _ingests.Clear();
        _files.Clear();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Test]
    public async Task IngestAsync_RedeliveryAfterControllerRestart_CountedAsDuplicate()
    {
        var (first, _, watermarks) = Controller();
        var batch = Payload(Batch(StreamA, 1, 2, 3));
        await first.IngestAsync(Topic, batch);
        await first.DisposeAsync();
        watermarks.Dispose();

        var (second, series, _) = Controller();
        var outcome = await second.IngestAsync(Topic, batch);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.Ingested));
            Assert.That(second.Accepted, Is.Zero);
            Assert.That(second.Duplicates, Is.EqualTo(3));
            Assert.That(series.Find("n1")?.Ingested ?? 0, Is.Zero);
        });
    }

    [Test]
    public async Task IngestAsync_AfterRestart_NextSequencesAccepted()
    {
        var (first, _, watermarks) = Controller();
        await first.IngestAsync(Topic, Payload(Batch(StreamA, 1, 2)));
        await first.DisposeAsync();
        watermarks.Dispose();

        var (second, _, _) = Controller();
        await second.IngestAsync(Topic, Payload(Batch(StreamA, 2, 3, 4)));

        Assert.Multiple(() =>
        {
            Assert.That(second.Accepted, Is.EqualTo(2));
            Assert.That(second.Duplicates, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task IngestAsync_NewStreamRestartsAtOne_SamplesAcceptedAndFleetValueMoves()
    {
        var (ingest, series, _) = Controller();
        await ingest.IngestAsync(Topic, Payload(Batch(StreamA, 1, 2, 3, 4, 5)));

        var outcome = await ingest.IngestAsync(Topic, Payload(Batch(StreamB, 1, 2)));

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.Ingested));
            Assert.That(ingest.Accepted, Is.EqualTo(7));
            Assert.That(ingest.Duplicates, Is.Zero);
            Assert.That(ingest.StreamRestarts, Is.EqualTo(1));
            Assert.That(series.Find("n1")!.Ingested, Is.EqualTo(7UL));
            Assert.That(_h.Node("n1").Telemetry!.SampledAt, Is.EqualTo(T0.AddSeconds(2 * 10 + 1000)), "the fleet's last value is the new stream's");
        });
    }

    [Test]
    public async Task IngestAsync_NewStreamAfterRestart_StoredStreamReplaced()
    {
        var (first, _, watermarks) = Controller();
        await first.IngestAsync(Topic, Payload(Batch(StreamA, 1, 2, 3)));
        await first.IngestAsync(Topic, Payload(Batch(StreamB, 1)));
        await first.DisposeAsync();
        watermarks.Dispose();

        var (second, _, reopened) = Controller();
        await second.IngestAsync(Topic, Payload(Batch(StreamB, 1, 2)));

        Assert.Multiple(() =>
        {
            Assert.That(reopened.Load(), Is.EqualTo(new[] { new NodeWatermark("n1", StreamB, 2) }));
            Assert.That(second.Accepted, Is.EqualTo(1));
            Assert.That(second.Duplicates, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task IngestAsync_WatermarkNotStored_NotStoredAndRetryNotTakenForDuplicate()
    {
        var (ingest, series, watermarks) = Controller();
        watermarks.Dispose(); // the file can no longer be written
        var batch = Payload(Batch(StreamA, 1, 2));

        var first = await ingest.IngestAsync(Topic, batch);
        var retry = await ingest.IngestAsync(Topic, batch);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(IngestOutcome.NotStored));
            Assert.That(retry, Is.EqualTo(IngestOutcome.NotStored), "a retry of what was not stored is not a duplicate");
            Assert.That(ingest.Accepted, Is.Zero);
            Assert.That(ingest.Duplicates, Is.Zero);
            Assert.That(series.Find("n1")?.Ingested ?? 0, Is.Zero);
        });
    }

    [Test]
    public async Task IngestAsync_UnknownNode_RefusedAndNothingStored()
    {
        var (ingest, _, watermarks) = Controller();

        var outcome = await ingest.IngestAsync("edge/v1/nodes/n9/telemetry", Payload(Batch(StreamA, 1), node: "n9"));

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.Refused));
            Assert.That(ingest.Rejected, Is.EqualTo(1));
            Assert.That(watermarks.Load(), Is.Empty);
        });
    }

    [Test]
    public async Task IngestAsync_BatchAfterALostOne_NotTakenUntilTheLostOneComes()
    {
        var acks = new TelemetryAcknowledgements();
        var (ingest, series, watermarks) = Controller(acks);
        await ingest.IngestAsync(Topic, Payload(Batch(StreamA, 1, 2, 3)));

        // A broker lost the batch 4-6: the one after it names 6 as its predecessor.
        var early = await ingest.IngestAsync(Topic, Payload(Following(6, Batch(StreamA, 7, 8))));
        var stored = watermarks.Load().Single();
        var told = acks.For("n1").Read().Mark;
        await ingest.IngestAsync(Topic, Payload(Following(3, Batch(StreamA, 4, 5, 6))));
        var again = await ingest.IngestAsync(Topic, Payload(Following(6, Batch(StreamA, 7, 8))));

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.EqualTo(IngestOutcome.OutOfOrder));
            Assert.That(stored, Is.EqualTo(new NodeWatermark("n1", StreamA, 3)), "the watermark did not skip 4-6");
            Assert.That(told, Is.EqualTo(new NodeWatermark("n1", StreamA, 3)));
            Assert.That(again, Is.EqualTo(IngestOutcome.Ingested));
            Assert.That(ingest.OutOfOrder, Is.EqualTo(1));
            Assert.That(ingest.Accepted, Is.EqualTo(8));
            Assert.That(ingest.Duplicates, Is.Zero);
            Assert.That(series.Find("n1")!.Ingested, Is.EqualTo(8UL));
            Assert.That(acks.For("n1").Read().Mark, Is.EqualTo(new NodeWatermark("n1", StreamA, 8)));
        });
    }

    [Test]
    public async Task IngestAsync_BatchAfterSamplesTheAgentDropped_Taken()
    {
        var (ingest, _, _) = Controller();
        await ingest.IngestAsync(Topic, Payload(Batch(StreamA, 1, 2)));

        // The outbox dropped 3 and 4 by policy: the next batch follows 2.
        var outcome = await ingest.IngestAsync(Topic, Payload(Following(2, Batch(StreamA, 5, 6))));

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.Ingested));
            Assert.That(ingest.Accepted, Is.EqualTo(4));
            Assert.That(ingest.OutOfOrder, Is.Zero);
        });
    }

    [Test]
    public async Task IngestAsync_StaleBatchOfAnOldStream_NotTakenAndCurrentStreamKept()
    {
        var (ingest, _, watermarks) = Controller();
        await ingest.IngestAsync(Topic, Payload(Batch(StreamA, 1, 2, 3)));
        await ingest.IngestAsync(Topic, Payload(Batch(StreamB, 1, 2)));

        // A late copy from the replaced stream, mid-stream: taking it would restart duplicate detection.
        var late = await ingest.IngestAsync(Topic, Payload(Following(3, Batch(StreamA, 4))));
        var next = await ingest.IngestAsync(Topic, Payload(Following(2, Batch(StreamB, 2, 3))));

        Assert.Multiple(() =>
        {
            Assert.That(late, Is.EqualTo(IngestOutcome.OutOfOrder));
            Assert.That(next, Is.EqualTo(IngestOutcome.Ingested));
            Assert.That(ingest.Duplicates, Is.EqualTo(1));
            Assert.That(ingest.StreamRestarts, Is.EqualTo(1));
            Assert.That(watermarks.Load().Single(), Is.EqualTo(new NodeWatermark("n1", StreamB, 3)));
        });
    }

    [Test]
    public async Task Acknowledgements_AfterRestart_StoredWatermarkToldBeforeAnyPublish()
    {
        var (first, _, watermarks) = Controller();
        await first.IngestAsync(Topic, Payload(Batch(StreamA, 1, 2, 3)));
        await first.DisposeAsync();
        watermarks.Dispose();

        var acks = new TelemetryAcknowledgements();
        Controller(acks);

        Assert.That(acks.For("n1").Read().Mark, Is.EqualTo(new NodeWatermark("n1", StreamA, 3)));
    }

    [Test]
    public async Task Acknowledgements_WatermarkNotStored_NothingTold()
    {
        var acks = new TelemetryAcknowledgements();
        var (ingest, _, watermarks) = Controller(acks);
        var (_, changed) = acks.For("n1").Read();
        watermarks.Dispose(); // the file can no longer be written

        var outcome = await ingest.IngestAsync(Topic, Payload(Batch(StreamA, 1, 2)));

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.NotStored));
            Assert.That(acks.For("n1").Read().Mark, Is.Null);
            Assert.That(changed.IsCompleted, Is.False);
        });
    }

    [Test]
    public void AcknowledgementSlot_OlderWatermarkOfTheSameStream_Ignored()
    {
        var slot = new AcknowledgementSlot();
        slot.Set(new NodeWatermark("n1", StreamA, 9));
        var (_, changed) = slot.Read();

        slot.Set(new NodeWatermark("n1", StreamA, 4));
        slot.Set(new NodeWatermark("n1", StreamB, 2));

        Assert.Multiple(() =>
        {
            Assert.That(slot.Read().Mark, Is.EqualTo(new NodeWatermark("n1", StreamB, 2)), "a new stream replaces the old one's watermark");
            Assert.That(changed.IsCompleted, Is.True);
        });
    }

    [Test]
    public async Task Watermarks_ManyCommits_SnapshotKeepsEveryNode()
    {
        using (var watermarks = new TelemetryWatermarks(DbPath, TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance))
        {
            watermarks.Save([new NodeWatermark("quiet", StreamA, 7)]);
            for (ulong i = 1; i <= 1500; i++)
            {
                watermarks.Save([new NodeWatermark("busy", StreamB, i)]);
            }
        }

        using var reopened = new TelemetryWatermarks(DbPath, TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance);

        Assert.That(reopened.Load().OrderBy(m => m.Node, StringComparer.Ordinal),
            Is.EqualTo(new[] { new NodeWatermark("busy", StreamB, 1500), new NodeWatermark("quiet", StreamA, 7) }));
    }

    [Test]
    public void Watermarks_CorruptFile_MovedAsideAndEmpty()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllBytes(DbPath, [.. Enumerable.Repeat((byte)0x5A, 20_000)]);

        using var watermarks = new TelemetryWatermarks(DbPath, TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance);

        Assert.Multiple(() =>
        {
            Assert.That(watermarks.Load(), Is.Empty);
            Assert.That(Directory.GetFiles(_dir, "telemetry.db.corrupt-*"), Has.Length.EqualTo(1));
        });
    }

    /// <summary>
    /// The state telemetry.db was found in (issue: "stored slot must be same as called" on every
    /// commit after a restart): a data page on the collection's free list whose own slot byte says
    /// another list. LiteDB opens and reads such a file, and every insert that looks in that list
    /// fails. The first failing write moves it aside and writes every watermark into a new file.
    /// </summary>
    [Test]
    public void Watermarks_FreeListSlotDisagreesWithItsPage_OpensThenFirstWriteRebuildsKeepingEveryMark()
    {
        using (var watermarks = new TelemetryWatermarks(DbPath, TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance))
        {
            for (ulong i = 1; i <= 20; i++)
            {
                watermarks.Save([new NodeWatermark("n" + (i % 3), StreamA, i)]);
            }
        }

        var flipped = Edge.Testing.LiteDbDamage.MisplaceFreeListSlots(DbPath);
        var copy = DbPath + ".copy";
        File.Copy(DbPath, copy);
        using (var raw = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = copy, Connection = LiteDB.ConnectionType.Direct }))
        {
            var records = raw.GetCollection("watermarks");
            Assert.That(records.Count(), Is.EqualTo(20), "the damaged file opens and reads");
            Assert.That(() => records.Insert(new LiteDB.BsonDocument { ["_id"] = 1000L, ["snapshot"] = false, ["marks"] = new byte[40] }),
                Throws.Exception.With.Message.Contains("stored slot must be same as called"), $"the reported failure, reproduced ({flipped} page(s) changed)");
        }

        using (var watermarks = new TelemetryWatermarks(DbPath, TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance))
        {
            Assert.That(watermarks.Quarantines, Is.Zero, "nothing at open says it is damaged");
            watermarks.Save([new NodeWatermark("n1", StreamA, 21)]);

            Assert.Multiple(() =>
            {
                Assert.That(watermarks.Quarantines, Is.EqualTo(1));
                Assert.That(watermarks.Failure, Is.Null, "the write went into the new file");
                Assert.That(File.Exists(watermarks.QuarantinedTo), Is.True, "the damaged file is kept");
            });
        }

        using var reopened = new TelemetryWatermarks(DbPath, TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance);
        Assert.That(reopened.Quarantines, Is.Zero);
        Assert.That(reopened.Load().OrderBy(m => m.Node, StringComparer.Ordinal), Is.EqualTo(new[]
        {
            new NodeWatermark("n0", StreamA, 18), new NodeWatermark("n1", StreamA, 21), new NodeWatermark("n2", StreamA, 20),
        }));
    }

    private (TelemetryIngest Ingest, TelemetrySeriesStore Series, TelemetryWatermarks Watermarks) Controller(TelemetryAcknowledgements? acks = null)
    {
        var series = new TelemetrySeriesStore(Options.Create(new ControllerOptions()));
        var watermarks = new TelemetryWatermarks(DbPath, TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance);
        var ingest = new TelemetryIngest(_h.Restart(), series, watermarks, NullLogger<TelemetryIngest>.Instance, acks);
        _h.Connect("n1", Records.Facts());
        _ingests.Add(ingest);
        _files.Add(watermarks);
        return (ingest, series, watermarks);
    }

    private static TelemetryBatch Batch(ulong stream, params ulong[] sequences) => Batch(stream, sequences, "n1");

    private static TelemetryBatch Following(ulong previous, TelemetryBatch batch)
    {
        batch.PreviousSequence = previous;
        return batch;
    }

    private static TelemetryBatch Batch(ulong stream, ulong[] sequences, string node)
    {
        var batch = new TelemetryBatch { Node = node, Stream = stream };
        foreach (var s in sequences)
        {
            batch.Samples.Add(new NodeSample
            {
                Sequence = s,
                SampledAt = Timestamp.FromDateTimeOffset(T0.AddSeconds((double)((s * 10) + (stream == StreamB ? 1000UL : 0UL)))),
                CpuUsageRatio = 0.5,
            });
        }

        return batch;
    }

    private static ReadOnlySequence<byte> Payload(TelemetryBatch batch, string? node = null)
    {
        if (node is not null)
        {
            batch.Node = node;
        }

        return new(batch.ToByteArray());
    }
}
