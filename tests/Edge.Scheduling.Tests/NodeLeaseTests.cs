using Edge.Scheduling;

namespace Edge.Scheduling.Tests;

public sealed class NodeLeaseTests
{
    private static readonly DateTimeOffset LastHeartbeat = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(40);

    [Test]
    public void ConditionAt_ExactlyAtGrace_Ready()
    {
        var condition = NodeLease.ConditionAt(LastHeartbeat, LastHeartbeat + Grace, Grace);

        Assert.That(condition, Is.EqualTo(NodeCondition.Ready));
    }

    [Test]
    public void ConditionAt_OneTickPastGrace_Disconnected()
    {
        var condition = NodeLease.ConditionAt(LastHeartbeat, LastHeartbeat + Grace + TimeSpan.FromTicks(1), Grace);

        Assert.That(condition, Is.EqualTo(NodeCondition.Disconnected));
    }

    [Test]
    public void ConditionAt_HeartbeatJustNow_Ready()
    {
        var condition = NodeLease.ConditionAt(LastHeartbeat, LastHeartbeat, Grace);

        Assert.That(condition, Is.EqualTo(NodeCondition.Ready));
    }

    [Test]
    public void ConditionAt_HeartbeatStampedAfterNow_Ready()
    {
        // A heartbeat recorded a moment "in the future" (clock skew) must not count as expired.
        var condition = NodeLease.ConditionAt(LastHeartbeat, LastHeartbeat - TimeSpan.FromSeconds(5), Grace);

        Assert.That(condition, Is.EqualTo(NodeCondition.Ready));
    }

    [Test]
    public void DefaultGrace_MatchesKubernetesNodeMonitorGracePeriod_FortySeconds()
    {
        Assert.That(NodeLease.DefaultGrace, Is.EqualTo(TimeSpan.FromSeconds(40)));
    }
}
