using Edge.Controller.Fleet;

namespace Edge.Controller.Tests;

public sealed class FleetStateTelemetryTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private FleetHarness _h = null!;

    [SetUp]
    public void SetUp()
    {
        _h = new FleetHarness();
        _h.Connect("n1", Records.Facts());
    }

    [Test]
    public void RecordTelemetry_FirstSample_AcceptedAndKept()
    {
        var sample = Sample(1, T0, cpu: 0.25);

        var accepted = _h.Fleet.RecordTelemetry("n1", sample);

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.EqualTo(TelemetryRecordResult.Accepted));
            Assert.That(_h.Node("n1").Telemetry, Is.EqualTo(sample));
        });
    }

    [Test]
    public void RecordTelemetry_NewerSequence_ReplacesLast()
    {
        _h.Fleet.RecordTelemetry("n1", Sample(1, T0, cpu: 0.25));

        var accepted = _h.Fleet.RecordTelemetry("n1", Sample(2, T0.AddSeconds(10), cpu: 0.5));

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.EqualTo(TelemetryRecordResult.Accepted));
            Assert.That(_h.Node("n1").Telemetry!.CpuUsageRatio, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void RecordTelemetry_SameSequenceRedelivered_DroppedAndLastKept()
    {
        _h.Fleet.RecordTelemetry("n1", Sample(5, T0, cpu: 0.25));

        var accepted = _h.Fleet.RecordTelemetry("n1", Sample(5, T0, cpu: 0.99));

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.EqualTo(TelemetryRecordResult.Duplicate));
            Assert.That(_h.Node("n1").Telemetry!.CpuUsageRatio, Is.EqualTo(0.25));
        });
    }

    [Test]
    public void RecordTelemetry_OlderSequenceAndTime_Dropped()
    {
        _h.Fleet.RecordTelemetry("n1", Sample(5, T0, cpu: 0.25));

        var accepted = _h.Fleet.RecordTelemetry("n1", Sample(4, T0.AddSeconds(-10), cpu: 0.99));

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.EqualTo(TelemetryRecordResult.Duplicate));
            Assert.That(_h.Node("n1").Telemetry!.Sequence, Is.EqualTo(5));
        });
    }

    [Test]
    public void RecordTelemetry_OlderSequenceLaterTime_Dropped()
    {
        _h.Fleet.RecordTelemetry("n1", Sample(11, T0, cpu: 0.25));

        var result = _h.Fleet.RecordTelemetry("n1", Sample(10, T0.AddSeconds(30), cpu: 0.99));

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(TelemetryRecordResult.Duplicate));
            Assert.That(_h.Node("n1").Telemetry!.Sequence, Is.EqualTo(11UL));
        });
    }

    [Test]
    public void RecordTelemetry_NewStreamRestartsItsSequence_KeptAsIs()
    {
        // The agent's state file was replaced: its new stream counts from 1 again.
        _h.Fleet.RecordTelemetry("n1", Sample(40, T0, cpu: 0.25) with { Stream = 7 });

        var restarted = _h.Fleet.RecordTelemetry("n1", Sample(1, T0.AddSeconds(10), cpu: 0.5) with { Stream = 8 });
        var redelivered = _h.Fleet.RecordTelemetry("n1", Sample(1, T0.AddSeconds(10), cpu: 0.99) with { Stream = 8 });

        Assert.Multiple(() =>
        {
            Assert.That(restarted, Is.EqualTo(TelemetryRecordResult.Accepted));
            Assert.That(redelivered, Is.EqualTo(TelemetryRecordResult.Duplicate));
            Assert.That(_h.Node("n1").Telemetry!.Sequence, Is.EqualTo(1UL), "shown as the agent numbers it, not shifted by the old stream");
            Assert.That(_h.Node("n1").Telemetry!.CpuUsageRatio, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void RecordTelemetry_UnknownNode_False()
    {
        var accepted = _h.Fleet.RecordTelemetry("ghost", Sample(1, T0, cpu: 0.1));

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.EqualTo(TelemetryRecordResult.UnknownNode));
            Assert.That(_h.Fleet.GetNode("ghost"), Is.Null);
        });
    }

    [Test]
    public void RecordTelemetry_WritesNothing()
    {
        var writes = _h.Store.Writes;

        for (ulong i = 1; i <= 20; i++)
        {
            _h.Fleet.RecordTelemetry("n1", Sample(i, T0.AddSeconds(i), cpu: 0.1));
        }

        Assert.That(_h.Store.Writes, Is.EqualTo(writes));
    }

    private static NodeTelemetrySample Sample(ulong sequence, DateTimeOffset at, double cpu) =>
        new(sequence, at, cpu, 1_000_000, 4_000_000, 0.5, 2);
}
