using Edge.Controller.Telemetry;

namespace Edge.Controller.Tests;

public sealed class SeriesBufferTests
{
    private static readonly SeriesRetention Retention = new(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));

    [Test]
    public void Add_PastRawRetention_KeepsOnlyTheWindow()
    {
        var buffer = new SeriesBuffer(1, Retention);

        for (var s = 0; s <= 120; s += 10)
        {
            buffer.Add(Point(s, s));
        }

        Assert.That(buffer.Raw(long.MinValue).Select(p => p.AtMs / 1000), Is.EqualTo(new long[] { 60, 70, 80, 90, 100, 110, 120 }));
    }

    [Test]
    public void Rollups_SeveralPointsPerBucket_AverageMinMax()
    {
        var buffer = new SeriesBuffer(1, Retention);
        buffer.Add(Point(0, 1));
        buffer.Add(Point(4, 3));
        buffer.Add(Point(9, 8));
        buffer.Add(Point(10, 100));

        var rollups = buffer.Rollups(long.MinValue).ToList();

        Assert.That(rollups, Has.Count.EqualTo(2));
        Assert.That((rollups[0].StartMs, rollups[0].Count, rollups[0].Sum[0] / rollups[0].Count, rollups[0].Min[0], rollups[0].Max[0]),
            Is.EqualTo((0L, 3, 4.0, 1.0, 8.0)));
        Assert.That(rollups[1].Count, Is.EqualTo(1), "the open bucket is part of the answer");
    }

    [Test]
    public void Rollups_PastRetention_Trimmed()
    {
        var buffer = new SeriesBuffer(1, Retention);

        for (var s = 0; s <= 600; s += 10)
        {
            buffer.Add(Point(s, 1));
        }

        Assert.That(buffer.Rollups(long.MinValue).Min(b => b.StartMs), Is.EqualTo(300_000));
    }

    [Test]
    public void Raw_Since_FiltersOlder()
    {
        var buffer = new SeriesBuffer(1, Retention);
        buffer.Add(Point(0, 1));
        buffer.Add(Point(10, 2));

        Assert.That(buffer.Raw(5_000).Single().Values[0], Is.EqualTo(2.0));
    }

    private static SeriesPoint Point(int seconds, double value) => new(seconds * 1000L, (ulong)seconds + 1, [value]);
}
