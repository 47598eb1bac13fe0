using Edge.Agent.Core;
using Edge.Agent.Telemetry;
using Edge.Agent.Tests.Support;

namespace Edge.Agent.Tests.Telemetry;

public sealed class ProcStatParsingTests
{
    private const string NetDev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo: 9999999    100    0    0    0     0          0         0  9999999     100    0    0    0     0       0          0
          eth0:    1000     10    0    0    0     0          0         0     2000      20    0    0    0     0       0          0
         wlan0:     500      5    0    0    0     0          0         0      700       7    0    0    0     0       0          0
        """;

    [Test]
    public void NetworkBytes_SkipsLoopback_SumsTheRest() =>
        Assert.That(ProcStat.NetworkBytes(NetDev), Is.EqualTo(((ulong)1500, (ulong)2700)));

    [Test]
    public void CgroupDirectory_NotV2_ReturnsNull() =>
        Assert.That(ProcStat.CgroupDirectory("12:memory:/x\n", Path.GetTempPath()), Is.Null);

    [Test]
    public void Cgroup_LimitsSet_ReadsThem()
    {
        using var dir = new TempDirectory();
        var unit = Path.Combine(dir.Path, "system.slice", "edge-agent.service");
        Directory.CreateDirectory(unit);
        File.WriteAllText(Path.Combine(unit, "memory.current"), "1048576\n");
        File.WriteAllText(Path.Combine(unit, "memory.max"), "4194304\n");
        File.WriteAllText(Path.Combine(unit, "cpu.stat"), "usage_usec 123456\nuser_usec 1\n");
        File.WriteAllText(Path.Combine(unit, "cpu.max"), "50000 100000\n");

        var found = ProcStat.CgroupDirectory("0::/system.slice/edge-agent.service\n", dir.Path);
        var values = ProcStat.Cgroup(found!);

        Assert.That(found, Is.EqualTo(unit));
        Assert.That(values, Is.EqualTo(new CgroupSampleValues(1048576, 4194304, 123456, 0.5)));
    }

    [Test]
    public void Cgroup_NoLimits_ReadsZero()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "memory.current"), "10\n");
        File.WriteAllText(Path.Combine(dir.Path, "memory.max"), "max\n");
        File.WriteAllText(Path.Combine(dir.Path, "cpu.max"), "max 100000\n");

        Assert.That(ProcStat.Cgroup(dir.Path), Is.EqualTo(new CgroupSampleValues(10, 0, 0, 0)));
    }

    [Test]
    public void LatencyQuantiles_Between_UsesOnlyTheInterval()
    {
        var before = new LatencyHistogram { BoundsMs = [1, 10, 100], Counts = [100, 0, 0, 0], SumMs = 50 };
        var now = new LatencyHistogram { BoundsMs = [1, 10, 100], Counts = [100, 10, 0, 0], SumMs = 100 };

        var p50 = LatencyQuantiles.Between(before, now, 0.5);

        Assert.That(p50, Is.EqualTo(5.5).Within(1e-9), "the 100 fast calls before the interval do not count");
    }

    [Test]
    public void LatencyQuantiles_NothingRan_IsZero()
    {
        var h = new LatencyHistogram { BoundsMs = [1], Counts = [3, 0], SumMs = 1 };

        Assert.That(LatencyQuantiles.Between(h, h, 0.99), Is.Zero);
    }
}
