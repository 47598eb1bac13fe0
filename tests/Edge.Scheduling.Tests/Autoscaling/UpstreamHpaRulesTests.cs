using Edge.Scheduling.Autoscaling;
using static Edge.Scheduling.Tests.Autoscaling.Hpa;

namespace Edge.Scheduling.Tests.Autoscaling;

/// <summary>The replica calculator and conditions as kubernetes/pkg/controller/podautoscaler behaves.</summary>
public sealed class UpstreamHpaRulesTests
{
    [Test]
    public void Decide_ReadyRatioExactlyOneWithMissingReplicas_KeepsCount()
    {
        // 3 at exactly 80% of an 80% target (ratio 1), 3 missing: nothing is filled in, the count stays 6.
        var metrics = Of(6, Replica(0, true, ("cpu", 800)), Replica(1, true, ("cpu", 800)), Replica(2, true, ("cpu", 800)),
            Replica(3, true), Replica(4, true), Replica(5, true));

        var d = Decide(Plain(), metrics);

        Assert.Multiple(() =>
        {
            Assert.That(d.DesiredReplicas, Is.EqualTo(6));
            Assert.That(d.Metrics[0].Detail, Does.Contain("3 missing left out at ratio 1"));
        });
    }

    [Test]
    public void Decide_PodsMetricRatioExactlyOneWithMissingReplicas_KeepsCount()
    {
        var metrics = Of(4, Replica(0, true, ("rps", 20)), Replica(1, true, ("rps", 20)), Replica(2, true), Replica(3, true));

        Assert.That(Decide(Plain(1, 100, PerReplica("rps", 20)), metrics).DesiredReplicas, Is.EqualTo(4));
    }

    [Test]
    public void Decide_MissingFilledInFlipsDirection_KeepsCount()
    {
        // 1 at 50 vs target 20 (ratio 2.5) → scale-up; 9 missing as 0 → (2.5 + 0) / 10 = 0.25 < 1: the direction flips, keep 10.
        var replicas = new[] { Replica(0, true, ("rps", 50)) }.Concat(Enumerable.Range(1, 9).Select(i => Replica(i, true))).ToArray();

        var d = Decide(Plain(1, 100, PerReplica("rps", 20)), Of(10, replicas));

        Assert.Multiple(() =>
        {
            Assert.That(d.DesiredReplicas, Is.EqualTo(10));
            Assert.That(d.Metrics[0].Detail, Does.Contain("no change"));
        });
    }

    [Test]
    public void Decide_NotReadyReplicasOnPodsMetricScaleUp_TheirValuesCount()
    {
        // Readiness sets replicas aside only for CPU: 2 ready at 40 and 2 not ready at 40 vs target 20 → ratio 2 over 4 → 8.
        var metrics = Of(4, Replica(0, true, ("rps", 40)), Replica(1, true, ("rps", 40)), Replica(2, false, ("rps", 40)), Replica(3, false, ("rps", 40)));

        Assert.That(Decide(Plain(1, 100, PerReplica("rps", 20)), metrics).DesiredReplicas, Is.EqualTo(8));
    }

    [Test]
    public void Decide_NotReadyReplicasOnCpuScaleUp_CountAsZeroWhateverTheyReport()
    {
        // CPU: 2 ready at 160% of an 80% target (ratio 2); 2 not ready reporting 160% too are set aside → 0 → (2 + 2) / 4 = 1 → keep 4.
        var metrics = Of(4, Replica(0, true, ("cpu", 1600)), Replica(1, true, ("cpu", 1600)), Replica(2, false, ("cpu", 1600)), Replica(3, false, ("cpu", 1600)));

        Assert.That(Decide(Plain(), metrics).DesiredReplicas, Is.EqualTo(4));
    }

    [Test]
    public void Decide_NotReadyReplicasOnMemoryScaleUp_TheirValuesCount()
    {
        var memory = new MetricSpec { Source = MetricSourceType.Resource, Name = MetricSpec.Memory, TargetType = MetricTargetType.Utilization, Target = 50 };
        var gi = (double)(1L << 30);
        var metrics = Of(2, Replica(0, true, ("memory", gi)), Replica(1, false, ("memory", gi)));

        // Both at 100% of a 50% target: ratio 2 over 2 replicas → 4 (CPU would have set the not-ready one aside → 2).
        Assert.That(Decide(Plain(1, 100, memory), metrics).DesiredReplicas, Is.EqualTo(4));
    }

    [Test]
    public void Decide_Rescaled_AbleToScaleSucceededRescale()
    {
        var d = Decide(Plain(), Cpu(160, 160));

        var able = d.Conditions.Single(c => c.Type == ConditionType.AbleToScale);
        Assert.Multiple(() =>
        {
            Assert.That(d.DesiredReplicas, Is.EqualTo(4));
            Assert.That((able.Status, able.Reason), Is.EqualTo((true, "SucceededRescale")));
            Assert.That(able.Message, Is.EqualTo("the HPA controller was able to update the target scale to 4"));
        });
    }

    [Test]
    public void Decide_NotRescaled_AbleToScaleReadyForNewScale()
    {
        var d = Decide(Plain(), Cpu(80, 80));

        Assert.That(d.Conditions.Single(c => c.Type == ConditionType.AbleToScale).Reason, Is.EqualTo("ReadyForNewScale"));
    }

    [TestCase(MetricSourceType.Resource, "FailedGetResourceMetric")]
    [TestCase(MetricSourceType.Pods, "FailedGetPodsMetric")]
    [TestCase(MetricSourceType.External, "FailedGetExternalMetric")]
    public void Decide_MetricUnreadable_ScalingActiveFalseWithReasonOfItsType(MetricSourceType source, string reason)
    {
        var metric = source switch
        {
            MetricSourceType.Resource => CpuPercent(80),
            MetricSourceType.Pods => PerReplica("rps", 10),
            _ => External("queue", 10),
        };

        var d = Decide(Plain(1, 100, metric), Of(3, Replica(0, true), Replica(1, true), Replica(2, true)));

        var active = d.Conditions.Single(c => c.Type == ConditionType.ScalingActive);
        Assert.Multiple(() =>
        {
            Assert.That(d.DesiredReplicas, Is.EqualTo(3));
            Assert.That((active.Status, active.Reason), Is.EqualTo((false, reason)));
            Assert.That(d.Events, Has.Some.StartsWith(reason + ":"));
            Assert.That(d.Events, Has.Some.StartsWith("FailedComputeMetricsReplicas:"));
        });
    }

    [Test]
    public void Decide_AboveMaxWithinRate_ScalingLimitedTooManyReplicas()
    {
        var d = Decide(Plain(1, 5), Cpu(400, 400));

        Assert.Multiple(() =>
        {
            Assert.That(d.DesiredReplicas, Is.EqualTo(5));
            Assert.That(Limited(d)?.Reason, Is.EqualTo("TooManyReplicas"));
        });
    }

    [Test]
    public void Decide_BelowMinWithinRate_ScalingLimitedTooFewReplicas()
    {
        var d = Decide(Plain(3, 10), Cpu(10, 10, 10, 10));

        Assert.Multiple(() =>
        {
            Assert.That(d.DesiredReplicas, Is.EqualTo(3));
            Assert.That(Limited(d)?.Reason, Is.EqualTo("TooFewReplicas"));
        });
    }

    [Test]
    public void Decide_WithinBounds_ScalingLimitedFalseDesiredWithinRange()
    {
        var d = Decide(Plain(1, 10), Cpu(160, 160));

        var limited = d.Conditions.Single(c => c.Type == ConditionType.ScalingLimited);
        Assert.That((limited.Status, limited.Reason), Is.EqualTo((false, "DesiredWithinRange")));
    }
}
