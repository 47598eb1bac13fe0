using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

public sealed class MemoryMeterTests
{
    // One tick a millisecond keeps the arithmetic readable.
    private const long Frequency = 1_000;
    private const long Page = 65_536;

    [Test]
    public void Read_HeldForAWhile_IntegralIsBytesTimesSeconds()
    {
        var meter = new MemoryMeter(0, Frequency);
        meter.Add(2 * Page, now: 0);

        var reading = meter.Read(10_000, newInterval: false);

        Assert.That(reading.HeldBytes, Is.EqualTo(2 * Page));
        Assert.That(reading.ByteSeconds, Is.EqualTo(2 * Page * 10.0));
        Assert.That(reading.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(reading.AverageSince(null), Is.EqualTo(2 * Page));
    }

    [Test]
    public void AverageSince_GrowthForHalfTheInterval_IsTheTimeWeightedMean()
    {
        var meter = new MemoryMeter(0, Frequency);
        meter.Add(Page, 0);
        var first = meter.Read(1_000, newInterval: true);
        meter.Add(3 * Page, 6_000);
        meter.Release(3 * Page, 11_000);

        var second = meter.Read(11_000, newInterval: true);

        // 10 s in the interval: 1 page throughout, 3 more pages for 5 s.
        Assert.That(second.AverageSince(first), Is.EqualTo(Page + (3 * Page / 2)));
        Assert.That(second.PeakBytes, Is.EqualTo(4 * Page));
        Assert.That(second.HeldBytes, Is.EqualTo(Page));
    }

    [Test]
    public void AddSince_RunGrewMemory_CountsTheGrowthFromTheRunsStart()
    {
        var meter = new MemoryMeter(0, Frequency);
        meter.Add(Page, 0);
        var first = meter.Read(0, newInterval: true);

        meter.AddSince(4 * Page, since: 2_000, now: 4_000);
        meter.Release(5 * Page, 4_000);
        var second = meter.Read(10_000, newInterval: true);

        // 1 page for 4 s, plus 4 pages from 2 s to 4 s, nothing after: (4 + 8) page·s over 10 s.
        Assert.That(second.ByteSeconds - first.ByteSeconds, Is.EqualTo(12.0 * Page));
        Assert.That(second.AverageSince(first), Is.EqualTo((long)Math.Round(1.2 * Page)));
        Assert.That(second.PeakBytes, Is.EqualTo(5 * Page));
        Assert.That(second.HeldBytes, Is.Zero);
    }

    [Test]
    public void AddSince_RunStartedBeforeTheInterval_CountsOnlyFromTheIntervalsStart()
    {
        var meter = new MemoryMeter(0, Frequency);
        _ = meter.Read(5_000, newInterval: true);

        meter.AddSince(Page, since: 1_000, now: 6_000);
        var reading = meter.Read(6_000, newInterval: false);

        Assert.That(reading.ByteSeconds, Is.EqualTo(1.0 * Page), "an interval already reported is not revised");
    }

    [Test]
    public void Read_NewInterval_PeakStartsAgainFromWhatIsHeld()
    {
        var meter = new MemoryMeter(0, Frequency);
        meter.Add(4 * Page, 0);
        meter.Release(3 * Page, 1_000);

        var first = meter.Read(2_000, newInterval: true);
        var second = meter.Read(3_000, newInterval: true);

        Assert.That(first.PeakBytes, Is.EqualTo(4 * Page));
        Assert.That(second.PeakBytes, Is.EqualTo(Page));
    }

    [Test]
    public void Read_WithoutNewInterval_KeepsThePeak()
    {
        var meter = new MemoryMeter(0, Frequency);
        meter.Add(4 * Page, 0);
        meter.Release(3 * Page, 1_000);

        _ = meter.Read(2_000, newInterval: false);
        var second = meter.Read(3_000, newInterval: true);

        Assert.That(second.PeakBytes, Is.EqualTo(4 * Page));
    }

    [Test]
    public void Release_MoreThanHeld_StopsAtZero()
    {
        var meter = new MemoryMeter(0, Frequency);
        meter.Add(Page, 0);

        meter.Release(2 * Page, 1_000);
        var reading = meter.Read(2_000, newInterval: false);

        Assert.That(reading.HeldBytes, Is.Zero);
        Assert.That(reading.ByteSeconds, Is.EqualTo(1.0 * Page));
    }

    [Test]
    public void Add_TimestampOlderThanTheLastSeen_CountsFromWhenItHappenedAndTimeNeverRunsBack()
    {
        var meter = new MemoryMeter(0, Frequency);
        meter.Add(Page, 2_000);

        meter.Add(Page, 1_000); // taken earlier on another thread, arrived later
        var reading = meter.Read(3_000, newInterval: false);

        // The first page from 2 s to 3 s, the second from 1 s to 3 s; the clock stays at 2 s until the read.
        Assert.That(reading.ByteSeconds, Is.EqualTo(3.0 * Page));
        Assert.That(reading.HeldBytes, Is.EqualTo(2 * Page));
        Assert.That(reading.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void AverageSince_ReadingOfAnotherMeter_AveragesSinceThisMeterStarted()
    {
        var old = new MemoryMeter(0, Frequency);
        old.Add(8 * Page, 0);
        var before = old.Read(5_000, newInterval: true);
        var replaced = new MemoryMeter(0, Frequency);
        replaced.Add(Page, 0);

        var after = replaced.Read(10_000, newInterval: true);

        Assert.That(after.AverageSince(before), Is.EqualTo(Page));
    }

    [Test]
    public void AverageSince_NoTimeBetweenReadings_IsWhatIsHeld()
    {
        var meter = new MemoryMeter(0, Frequency);
        meter.Add(3 * Page, 0);

        var reading = meter.Read(0, newInterval: true);

        Assert.That(reading.AverageSince(reading), Is.EqualTo(3 * Page));
    }

    [Test]
    public void AddAndRelease_ManyThreadsAtOnceWithReaders_NothingLostAndTheIntegralNeverRunsBack()
    {
        // Writers are guest threads ending their runs at once; the readers are the status page and the sampler.
        var meter = new MemoryMeter(0, Frequency);
        const int Writers = 4;
        const int Rounds = 20_000;
        var clock = 0L;
        var readsBack = 0;
        using var start = new Barrier(Writers + 1);
        var writers = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < Rounds; i++)
            {
                meter.Add(Page, Interlocked.Increment(ref clock));
                if (i % 2 == 1)
                {
                    meter.Release(Page, Interlocked.Increment(ref clock));
                }
            }
        })).ToList();
        writers.ForEach(t => t.Start());
        var reader = new Thread(() =>
        {
            start.SignalAndWait();
            var last = 0.0;
            while (writers.Any(t => t.IsAlive))
            {
                var reading = meter.Read(Interlocked.Read(ref clock), newInterval: false);
                if (reading.ByteSeconds < last)
                {
                    Interlocked.Increment(ref readsBack);
                }

                last = reading.ByteSeconds;
            }
        });
        reader.Start();
        writers.ForEach(t => t.Join());
        reader.Join();

        var end = meter.Read(Interlocked.Read(ref clock), newInterval: false);
        Assert.That(end.HeldBytes, Is.EqualTo(Writers * (Rounds / 2) * Page));
        // Each writer is at most one page above its final count at any moment.
        Assert.That(end.PeakBytes, Is.InRange(end.HeldBytes, end.HeldBytes + (Writers * Page)));
        Assert.That(readsBack, Is.Zero);
    }

    [Test]
    public void Constructor_FrequencyZero_Throws() =>
        Assert.That(() => new MemoryMeter(0, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
}
