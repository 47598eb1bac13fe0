using Edge.Agent.Logs;
using Edge.Agent.Tests.Support;

namespace Edge.Agent.Tests.Logs;

[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WorkloadLogRingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly LogRingLimits Limits = new(4096, TimeSpan.FromHours(1), 256);

    private TempDirectory _dir = null!;

    private string FilePath => Path.Combine(_dir.Path, "job.log");

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void Append_ThenRead_GivesLinesInOrderWithGrowingSequences()
    {
        using var ring = WorkloadLogRing.Open(FilePath, Limits, Now);

        ring.Append([Line(Now, "r1", "stdout", "one"), Line(Now, "r1", "stderr", "two")], Now);
        ring.Append([Line(Now, "r2", "edge.log", "three")], Now);

        var lines = ring.Read(since: null, after: 0, tail: 0, previous: false);
        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { "one", "two", "three" }));
            Assert.That(lines.Select(l => l.Sequence), Is.EqualTo(new long[] { 1, 2, 3 }));
            Assert.That(lines.Select(l => l.Stream), Is.EqualTo(new[] { "stdout", "stderr", "edge.log" }));
        });
    }

    [Test]
    public void Append_PastTheByteBound_DropsTheOldestLinesOnly()
    {
        using var ring = WorkloadLogRing.Open(FilePath, Limits, Now);

        for (var i = 0; i < 200; i++)
        {
            ring.Append([Line(Now, $"r{i}", "stdout", $"line {i:000} " + new string('x', 40))], Now);
        }

        var lines = ring.Read(null, 0, 0, false);
        Assert.Multiple(() =>
        {
            Assert.That(ring.Bytes, Is.LessThanOrEqualTo(Limits.MaxBytes));
            Assert.That(lines, Has.Count.LessThan(200).And.Count.GreaterThan(10));
            Assert.That(lines[^1].Text, Does.StartWith("line 199"), "the newest line is kept");
            Assert.That(lines.Select(l => l.Sequence), Is.Ordered.Ascending);
        });
    }

    [Test]
    public void Append_LinesOlderThanTheAgeBound_AreDropped()
    {
        using var ring = WorkloadLogRing.Open(FilePath, Limits, Now);
        ring.Append([Line(Now, "old", "stdout", "old")], Now);

        var later = Now + TimeSpan.FromHours(2);
        ring.Append([Line(later, "new", "stdout", "new")], later);

        Assert.That(ring.Read(null, 0, 0, false).Select(l => l.Text), Is.EqualTo(new[] { "new" }));
    }

    [Test]
    public void Read_SinceAfterTailAndPrevious_SelectTheAskedLines()
    {
        using var ring = WorkloadLogRing.Open(FilePath, Limits, Now);
        ring.Append([Line(Now, "r1", "stdout", "a"), Line(Now, "r1", "stdout", "b")], Now);
        ring.Append([Line(Now.AddMinutes(5), "r2", "stdout", "c"), Line(Now.AddMinutes(5), "r2", "stdout", "d")], Now.AddMinutes(5));
        ring.Append([Line(Now.AddMinutes(9), "r3", "stdout", "e")], Now.AddMinutes(9));

        Assert.Multiple(() =>
        {
            Assert.That(ring.Read(Now.AddMinutes(4), 0, 0, false).Select(l => l.Text), Is.EqualTo(new[] { "c", "d", "e" }));
            Assert.That(ring.Read(null, 3, 0, false).Select(l => l.Text), Is.EqualTo(new[] { "d", "e" }));
            Assert.That(ring.Read(null, 0, 2, false).Select(l => l.Text), Is.EqualTo(new[] { "d", "e" }));
            Assert.That(ring.Read(null, 0, 0, previous: true).Select(l => l.Text), Is.EqualTo(new[] { "c", "d" }));
        });
    }

    [Test]
    public void Open_AfterARestart_HasTheLinesAndGoesOnWithTheSequence()
    {
        using (var ring = WorkloadLogRing.Open(FilePath, Limits, Now))
        {
            ring.Append([Line(Now, "r1", "stdout", "before"), Line(Now, "r1", "stderr", @"tab\x09inside")], Now);
        }

        using var reopened = WorkloadLogRing.Open(FilePath, Limits, Now);
        reopened.Append([Line(Now, "r2", "stdout", "after")], Now);

        var lines = reopened.Read(null, 0, 0, false);
        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { "before", @"tab\x09inside", "after" }));
            Assert.That(lines.Select(l => l.Sequence), Is.EqualTo(new long[] { 1, 2, 3 }));
            Assert.That(lines[0].Invocation, Is.EqualTo("r1"));
            Assert.That(lines[0].Time, Is.EqualTo(Now));
        });
    }

    [Test]
    public void Open_FileCutMidLineByAKill_KeepsTheWholeLinesAndAppendsCleanly()
    {
        using (var ring = WorkloadLogRing.Open(FilePath, Limits, Now))
        {
            ring.Append([Line(Now, "r1", "stdout", "whole")], Now);
        }

        File.AppendAllText(FilePath, "2\t17");

        using var reopened = WorkloadLogRing.Open(FilePath, Limits, Now);
        reopened.Append([Line(Now, "r2", "stdout", "next")], Now);

        Assert.That(reopened.Read(null, 0, 0, false).Select(l => l.Text), Is.EqualTo(new[] { "whole", "next" }));
    }

    [Test]
    public void Open_FileOverTheBound_KeepsOnlyWhatFits()
    {
        File.WriteAllLines(FilePath, Enumerable.Range(1, 500).Select(i => $"{i}\t{Now.ToUnixTimeMilliseconds()}\tr{i}\tstdout\t{new string('y', 60)}"));

        using var ring = WorkloadLogRing.Open(FilePath, Limits, Now);

        Assert.Multiple(() =>
        {
            Assert.That(ring.Bytes, Is.LessThanOrEqualTo(Limits.MaxBytes));
            Assert.That(ring.NextSequence, Is.EqualTo(501));
            Assert.That(new FileInfo(FilePath).Length, Is.LessThan(2 * Limits.MaxBytes), "rewritten to what it keeps");
        });
    }

    [Test]
    public void Append_ManyRuns_FileStaysUnderTwiceTheBound()
    {
        using var ring = WorkloadLogRing.Open(FilePath, Limits, Now);

        for (var i = 0; i < 1000; i++)
        {
            ring.Append([Line(Now, $"r{i}", "stdout", new string('z', 100))], Now);
        }

        Assert.That(new FileInfo(FilePath).Length, Is.LessThanOrEqualTo(2 * Limits.MaxBytes + 200));
    }

    [Test]
    public void Append_NewFile_IsReadableByTheOwnerOnly()
    {
        using var ring = WorkloadLogRing.Open(FilePath, Limits, Now);

        ring.Append([Line(Now, "r1", "stdout", "secret")], Now);

        Assert.That(File.GetUnixFileMode(FilePath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    private static (DateTimeOffset, string, string, string) Line(DateTimeOffset time, string invocation, string stream, string text) =>
        (time, invocation, stream, text);
}
