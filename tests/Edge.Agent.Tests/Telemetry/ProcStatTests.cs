using Edge.Agent.Telemetry;

namespace Edge.Agent.Tests.Telemetry;

public sealed class ProcStatTests
{
    [SetUp]
    public void RequireLinux() => Assume.That(OperatingSystem.IsLinux(), Is.True, "/proc is Linux-only");

    [Test]
    public void MemTotalBytes_OnLinux_PositiveWholeKibibytes()
    {
        var total = ProcStat.MemTotalBytes();

        Assert.That(total, Is.Positive);
        Assert.That(total % 1024, Is.Zero);
    }

    [Test]
    public void MemAvailableBytes_OnLinux_WithinTotal()
    {
        var available = ProcStat.MemAvailableBytes();

        Assert.That(available, Is.Positive.And.LessThanOrEqualTo(ProcStat.MemTotalBytes()!.Value));
    }

    [Test]
    public void LoadAverage1m_OnLinux_NotNegative()
    {
        var load = ProcStat.LoadAverage1m();

        Assert.That(load, Is.Not.Null.And.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void CpuTimes_OnLinux_IdleWithinTotalAndTotalNeverDecreases()
    {
        var first = ProcStat.CpuTimes();
        var second = ProcStat.CpuTimes();

        Assert.That(first, Is.Not.Null);
        Assert.That(second, Is.Not.Null);
        Assert.That(first!.Value.Total, Is.Positive);
        Assert.That(first.Value.Idle, Is.LessThanOrEqualTo(first.Value.Total));
        Assert.That(second!.Value.Total, Is.GreaterThanOrEqualTo(first.Value.Total));
    }
}
