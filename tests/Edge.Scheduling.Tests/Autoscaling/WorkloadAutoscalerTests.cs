using Edge.Scheduling.Autoscaling;
using Microsoft.Extensions.Time.Testing;
using static Edge.Scheduling.Tests.Autoscaling.Hpa;

namespace Edge.Scheduling.Tests.Autoscaling;

/// <summary>
/// HPA v2 behaviour. Every expected count is worked out from the Kubernetes rules in the comment
/// beside it (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/).
/// </summary>
public sealed class WorkloadAutoscalerTests
{
    [Test]
    public void Decide_RatioWithinDefaultTolerance_KeepsCount()
    {
        // 4 replicas at 85% against 80%: ratio 85/80 = 1.0625, |1 − 1.0625| ≤ 0.1 → 4.
        var d = Decide(Plain(), Cpu(85, 85, 85, 85));

        Assert.That(d.DesiredReplicas, Is.EqualTo(4));
        Assert.That(d.Metrics[0].Detail, Does.Contain("within tolerance"));
    }

    [Test]
    public void Decide_RatioOutsideWorkloadTolerance_Scales()
    {
        // Same ratio 1.0625 with tolerance 0.05: outside → ceil(1.0625 × 4) = ceil(4.25) = 5.
        var d = Decide(Plain() with { Tolerance = 0.05 }, Cpu(85, 85, 85, 85));

        Assert.That(d.DesiredReplicas, Is.EqualTo(5));
    }

    [Test]
    public void Decide_ScaleUpToleranceOverride_AppliesOnlyUpward()
    {
        // scaleUp.tolerance 0.5: ratio 120/80 = 1.5 ≤ 1 + 0.5 → keep 4; the workload's 0.1 would give ceil(1.5 × 4) = 6.
        var spec = Plain() with { ScaleUp = Wide with { Tolerance = 0.5 } };

        Assert.That(Decide(spec, Cpu(120, 120, 120, 120)).DesiredReplicas, Is.EqualTo(4));
        Assert.That(Decide(Plain(), Cpu(120, 120, 120, 120)).DesiredReplicas, Is.EqualTo(6));
    }

    [Test]
    public void Decide_AboveTarget_CeilOfCurrentTimesRatio()
    {
        // 3 replicas at 90, 100, 110% against 50%: mean ratio 100/50 = 2 → ceil(2 × 3) = 6.
        var d = Decide(Plain(1, 100, CpuPercent(50)), Cpu(90, 100, 110));

        Assert.That(d.DesiredReplicas, Is.EqualTo(6));
        Assert.That(d.Events[0], Does.StartWith("SuccessfulRescale: New size: 6"));
    }

    [Test]
    public void Decide_SeveralMetrics_LargestProposalWins()
    {
        // cpu: 4 replicas at 40% vs 80% → ratio 0.5 → ceil(2) = 2; rps: 30 each vs 20 → ratio 1.5 → ceil(6) = 6; max = 6.
        var spec = Plain(1, 100, CpuPercent(80), PerReplica("rps", 20));
        var metrics = Of(4, [.. Enumerable.Range(0, 4).Select(i => Replica(i, true, ("cpu", 400), ("rps", 30)))]);

        var d = Decide(spec, metrics);

        Assert.That(d.DesiredReplicas, Is.EqualTo(6));
        Assert.That(d.Metrics.Select(m => m.Replicas), Is.EqualTo(new int?[] { 2, 6 }));
    }

    [Test]
    public void Decide_ExternalValueTarget_RatioTimesReadyReplicas()
    {
        // External Value: 300 vs target 100 → ratio 3; 2 ready replicas → ceil(3 × 2) = 6.
        var spec = Plain(1, 100, External("queue", 100, MetricTargetType.Value));
        var metrics = Of(2, Replica(0, true), Replica(1, true)) with { External = new Dictionary<string, double> { ["queue"] = 300 } };

        Assert.That(Decide(spec, metrics).DesiredReplicas, Is.EqualTo(6));
    }

    [Test]
    public void Decide_ExternalAverageValue_TotalOverTarget()
    {
        // External AverageValue: queue 250, 10 per replica, 4 replicas → ratio 250 / (10 × 4) = 6.25 → ceil(250 / 10) = 25.
        var spec = Plain(1, 100, External("queue", 10));
        var metrics = Of(4, [.. Enumerable.Range(0, 4).Select(i => Replica(i, true))]) with { External = new Dictionary<string, double> { ["queue"] = 250 } };

        Assert.That(Decide(spec, metrics).DesiredReplicas, Is.EqualTo(25));
    }

    [Test]
    public void Decide_DefaultScaleDownWindow_WaitsFiveMinutesForTheHighestRecentRecommendation()
    {
        var time = new FakeTimeProvider(T0);
        var spec = Spec();

        // t0: 10 replicas at target → ratio 1 → 10. The first pass also seeds the window with the current 10.
        var d = Decide(spec, Cpu(Repeat(80, 10)), at: time.GetUtcNow());
        Assert.That(d.DesiredReplicas, Is.EqualTo(10));

        // t0+60s: 40% → ratio 0.5 → ceil(5) = 5, but the window (300 s) holds 10 → max(5, 10) = 10.
        time.Advance(TimeSpan.FromSeconds(60));
        d = Decide(spec, Cpu(Repeat(40, 10)), d.State, time.GetUtcNow());
        Assert.That(d.DesiredReplicas, Is.EqualTo(10));
        Assert.That(d.Conditions.Select(c => c.Reason), Does.Contain("ScaleDownStabilized"));

        // t0+301s: the 10s at t0 fell out; the window holds 5 (t0+60) and 5 (now) → 5; Percent 100%/15 s allows it.
        time.Advance(TimeSpan.FromSeconds(241));
        d = Decide(spec, Cpu(Repeat(40, 10)), d.State, time.GetUtcNow());
        Assert.That(d.DesiredReplicas, Is.EqualTo(5));
    }

    [Test]
    public void Decide_ScaleUpWindow_TakesTheLowestRecentRecommendation()
    {
        var time = new FakeTimeProvider(T0);
        var spec = Plain() with { ScaleUp = Wide with { StabilizationWindow = TimeSpan.FromSeconds(60) } };

        // t0: 4 at target → 4 recorded.
        var d = Decide(spec, Cpu(80, 80, 80, 80), at: time.GetUtcNow());

        // t0+30s: 200% → ratio 2.5 → 10; lowest in 60 s is 4 → max(current 4, 4) = 4.
        time.Advance(TimeSpan.FromSeconds(30));
        d = Decide(spec, Cpu(200, 200, 200, 200), d.State, time.GetUtcNow());
        Assert.That(d.DesiredReplicas, Is.EqualTo(4));
        Assert.That(d.Conditions.Select(c => c.Reason), Does.Contain("ScaleUpStabilized"));

        // t0+61s: the 4 left the window; 10 (t0+30) and 10 (now) → 10.
        time.Advance(TimeSpan.FromSeconds(31));
        d = Decide(spec, Cpu(200, 200, 200, 200), d.State, time.GetUtcNow());
        Assert.That(d.DesiredReplicas, Is.EqualTo(10));
    }

    [Test]
    public void Decide_DefaultScaleUpPolicies_DoubleOrFourMoreWhicheverIsMore()
    {
        // 10 at 240% vs 80% → ratio 3 → 30. Limits: Percent 100 → ceil(10 × 2) = 20; Pods 4 → 14; Max → 20.
        var d = Decide(Spec(), Cpu(Repeat(240, 10)));

        Assert.That(d.DesiredReplicas, Is.EqualTo(20));
        Assert.That(Limited(d)!.Reason, Is.EqualTo("ScaleUpLimit"));
    }

    [Test]
    public void Decide_SelectPolicyMinOnScaleUp_SmallestChange()
    {
        // As above with selectPolicy Min: min(20, 14) = 14.
        var spec = Spec() with { ScaleUp = ScalingRules.DefaultScaleUp with { SelectPolicy = SelectPolicy.Min } };

        Assert.That(Decide(spec, Cpu(Repeat(240, 10))).DesiredReplicas, Is.EqualTo(14));
    }

    [Test]
    public void Decide_SelectPolicyDisabledOnScaleUp_NeverGrows()
    {
        // Disabled: the limit is the current count, 10.
        var spec = Spec() with { ScaleUp = ScalingRules.DefaultScaleUp with { SelectPolicy = SelectPolicy.Disabled } };
        var d = Decide(spec, Cpu(Repeat(240, 10)));

        Assert.That(d.DesiredReplicas, Is.EqualTo(10));
        Assert.That(Limited(d)!.Message, Does.Contain("disabled"));
    }

    [Test]
    public void Decide_PodsPolicyPeriod_CountsScaleEventsWithinThePeriod()
    {
        var time = new FakeTimeProvider(T0);
        var spec = Plain() with { ScaleUp = new ScalingRules { Policies = [new ScalingPolicy(ScalingPolicyType.Pods, 2, 60)] } };

        // t0: 2 at 240% → ratio 3 → 6; Pods 2 per 60 s from a period start of 2 → 4.
        var d = Decide(spec, Cpu(240, 240), at: time.GetUtcNow());
        Assert.That(d.DesiredReplicas, Is.EqualTo(4));

        // t0+30s: 4 at 240% → 12; period start = 4 − 2 added = 2 → limit 4 → stays 4.
        time.Advance(TimeSpan.FromSeconds(30));
        d = Decide(spec, Cpu(240, 240, 240, 240), d.State, time.GetUtcNow());
        Assert.That(d.DesiredReplicas, Is.EqualTo(4));
        Assert.That(Limited(d)!.Reason, Is.EqualTo("ScaleUpLimit"));

        // t0+61s: the +2 at t0 left the period → start 4 → limit 6.
        time.Advance(TimeSpan.FromSeconds(31));
        d = Decide(spec, Cpu(240, 240, 240, 240), d.State, time.GetUtcNow());
        Assert.That(d.DesiredReplicas, Is.EqualTo(6));
    }

    [Test]
    public void Decide_PercentPolicyOnScaleDown_HalvesPerPeriodRoundingDown()
    {
        var time = new FakeTimeProvider(T0);
        var spec = Plain() with { ScaleDown = new ScalingRules { Policies = [new ScalingPolicy(ScalingPolicyType.Percent, 50, 60)] } };

        // t0: 10 at 8% vs 80% → ratio 0.1 → ceil(1) = 1; limit (int)(10 × 0.5) = 5 → 5.
        var d = Decide(spec, Cpu(Repeat(8, 10)), at: time.GetUtcNow());
        Assert.That(d.DesiredReplicas, Is.EqualTo(5));
        Assert.That(Limited(d)!.Reason, Is.EqualTo("ScaleDownLimit"));

        // t0+30s: period start = 5 + 5 removed = 10 → limit 5 → stays 5.
        time.Advance(TimeSpan.FromSeconds(30));
        d = Decide(spec, Cpu(Repeat(8, 5)), d.State, time.GetUtcNow());
        Assert.That(d.DesiredReplicas, Is.EqualTo(5));

        // t0+61s: start 5 → (int)(5 × 0.5) = 2 → 2.
        time.Advance(TimeSpan.FromSeconds(31));
        d = Decide(spec, Cpu(Repeat(8, 5)), d.State, time.GetUtcNow());
        Assert.That(d.DesiredReplicas, Is.EqualTo(2));
    }

    [TestCase(SelectPolicy.Max, 5)]
    [TestCase(SelectPolicy.Min, 9)]
    [TestCase(SelectPolicy.Disabled, 10)]
    public void Decide_SelectPolicyOnScaleDown_PicksTheLimit(SelectPolicy select, int expected)
    {
        // 10 at 8% → wants 1. Pods 1 → 9; Percent 50 → 5. Max change → min(9, 5) = 5; Min change → max(9, 5) = 9; Disabled → 10.
        var spec = Plain() with
        {
            ScaleDown = new ScalingRules
            {
                SelectPolicy = select,
                Policies = [new ScalingPolicy(ScalingPolicyType.Pods, 1, 60), new ScalingPolicy(ScalingPolicyType.Percent, 50, 60)],
            },
        };

        Assert.That(Decide(spec, Cpu(Repeat(8, 10))).DesiredReplicas, Is.EqualTo(expected));
    }

    [Test]
    public void Decide_AboveMaxReplicas_CappedWithTooManyReplicas()
    {
        // 5 at 400% → ratio 5 → 25; max 12 (policies wide) → 12.
        var d = Decide(Plain(1, 12), Cpu(400, 400, 400, 400, 400));

        Assert.That(d.DesiredReplicas, Is.EqualTo(12));
        Assert.That(Limited(d)!.Reason, Is.EqualTo("TooManyReplicas"));
    }

    [Test]
    public void Decide_BelowMinReplicas_HeldWithTooFewReplicas()
    {
        // 5 at 8% → ratio 0.1 → 1; min 3 → 3.
        var d = Decide(Plain(3, 12), Cpu(8, 8, 8, 8, 8));

        Assert.That(d.DesiredReplicas, Is.EqualTo(3));
        Assert.That(Limited(d)!.Reason, Is.EqualTo("TooFewReplicas"));
    }

    [Test]
    public void Decide_CurrentOutsideBounds_MovedToTheBoundWithoutMetrics()
    {
        // horizontal.go: current 20 > max 12 → 12; current 1 < min 3 → 3, before any metric is read.
        Assert.That(Decide(Plain(3, 12), Of(20)).DesiredReplicas, Is.EqualTo(12));
        Assert.That(Decide(Plain(3, 12), Of(1)).DesiredReplicas, Is.EqualTo(3));
    }

    [Test]
    public void Decide_TenantQuotaLeavesRoom_CappedAndSaysSo()
    {
        // 4 at 160% → ratio 2 → 8; the quota has 2500m CPU left → 2 more replicas of 1000m → 6.
        var d = Decide(Plain(), Cpu(160, 160, 160, 160), quota: new QuotaHeadroom(2500, null, null));

        Assert.That(d.DesiredReplicas, Is.EqualTo(6));
        Assert.That(Limited(d)!.Reason, Is.EqualTo("QuotaExceeded"));
        Assert.That(d.Events, Has.Some.Contains("cpu quota allows 2 more"));
    }

    [Test]
    public void Decide_QuotaReplicasExhausted_NoScaleUp()
    {
        // 8 wanted, 0 replicas left in quota → stays 4.
        var d = Decide(Plain(), Cpu(160, 160, 160, 160), quota: new QuotaHeadroom(null, null, 0));

        Assert.That(d.DesiredReplicas, Is.EqualTo(4));
        Assert.That(d.Rescale, Is.False);
    }

    [Test]
    public void Decide_MissingMetricOnScaleDown_CountsAsFullRequest()
    {
        // 3 report 40% vs 80% (ratio 0.5), 1 missing. Scale-down: the missing one counts as 100% of its request,
        // ratio 100/80 = 1.25 → (3 × 0.5 + 1.25) / 4 = 0.6875 → ceil(0.6875 × 4) = 3 (not ceil(0.5 × 3) = 2).
        var metrics = Of(4, Replica(0, true, ("cpu", 400)), Replica(1, true, ("cpu", 400)), Replica(2, true, ("cpu", 400)), Replica(3, true));

        Assert.That(Decide(Plain(), metrics).DesiredReplicas, Is.EqualTo(3));
    }

    [Test]
    public void Decide_MissingMetricOnScaleUp_CountsAsZero()
    {
        // 3 at 160% (ratio 2), 1 missing → counts 0 → (3 × 2 + 0) / 4 = 1.5 → ceil(1.5 × 4) = 6 (not ceil(2 × 4) = 8).
        var metrics = Of(4, Replica(0, true, ("cpu", 1600)), Replica(1, true, ("cpu", 1600)), Replica(2, true, ("cpu", 1600)), Replica(3, true));

        Assert.That(Decide(Plain(), metrics).DesiredReplicas, Is.EqualTo(6));
    }

    [Test]
    public void Decide_MissingPodsMetricOnScaleDown_CountsAsTarget()
    {
        // Pods metric: 3 at 5 vs target 20 (ratio 0.25), 1 missing → at target (ratio 1) → (0.75 + 1) / 4 = 0.4375 → ceil(1.75) = 2.
        var metrics = Of(4, Replica(0, true, ("rps", 5)), Replica(1, true, ("rps", 5)), Replica(2, true, ("rps", 5)), Replica(3, true));

        Assert.That(Decide(Plain(1, 100, PerReplica("rps", 20)), metrics).DesiredReplicas, Is.EqualTo(2));
    }

    [Test]
    public void Decide_NotReadyOnScaleUp_CountAsZero()
    {
        // 2 ready at 160% (ratio 2), 2 not ready → counted as 0 → (2 + 2 + 0 + 0) / 4 = 1.0 → within tolerance → 4.
        var metrics = Of(4, Replica(0, true, ("cpu", 1600)), Replica(1, true, ("cpu", 1600)), Replica(2, false), Replica(3, false));

        var d = Decide(Plain(), metrics);

        Assert.That(d.DesiredReplicas, Is.EqualTo(4));
    }

    [Test]
    public void Decide_NotReadyOnScaleDown_Ignored()
    {
        // 2 ready at 20% (ratio 0.25), 2 not ready: no scale-up, so they are left out → ceil(0.25 × 2) = 1.
        var metrics = Of(4, Replica(0, true, ("cpu", 200)), Replica(1, true, ("cpu", 200)), Replica(2, false), Replica(3, false));

        Assert.That(Decide(Plain(), metrics).DesiredReplicas, Is.EqualTo(1));
    }

    [Test]
    public void Decide_NoMetricAtAll_ScalingInactiveAndCountKept()
    {
        var d = Decide(Plain(), Of(4, Replica(0, true), Replica(1, true), Replica(2, true), Replica(3, true)));

        Assert.That(d.DesiredReplicas, Is.EqualTo(4));
        Assert.That(d.Conditions.Single(c => c.Type == ConditionType.ScalingActive).Status, Is.False);
        Assert.That(d.State.Recommendations, Is.Empty, "a failed pass records no recommendation");
    }

    [Test]
    public void Decide_OneMetricFailsWhileOtherWouldScaleDown_KeepsCount()
    {
        // cpu → ceil(0.5 × 4) = 2 < 4 while "rps" is missing everywhere: Kubernetes does not scale down on partial metrics.
        var metrics = Of(4, [.. Enumerable.Range(0, 4).Select(i => Replica(i, true, ("cpu", 400)))]);

        Assert.That(Decide(Plain(1, 100, CpuPercent(80), PerReplica("rps", 10)), metrics).DesiredReplicas, Is.EqualTo(4));
    }

    [Test]
    public void Decide_OneMetricFailsWhileOtherScalesUp_ScalesUp()
    {
        // cpu → ceil(2 × 4) = 8 > 4: scaling up on the valid metric is allowed.
        var metrics = Of(4, [.. Enumerable.Range(0, 4).Select(i => Replica(i, true, ("cpu", 1600)))]);

        Assert.That(Decide(Plain(1, 100, CpuPercent(80), PerReplica("rps", 10)), metrics).DesiredReplicas, Is.EqualTo(8));
    }

    [Test]
    public void Decide_ZeroReplicasWithMinAboveZero_ScalingDisabled()
    {
        var d = Decide(Plain(), Of(0));

        Assert.That(d.DesiredReplicas, Is.Zero);
        Assert.That(d.Conditions.Single().Reason, Is.EqualTo("ScalingDisabled"));
    }

    [Test]
    public void Decide_ScaledToZeroWithoutInvocations_StaysAtZero()
    {
        var d = Decide(Spec(min: 0), Of(0));

        Assert.That(d.DesiredReplicas, Is.Zero);
        Assert.That(d.Conditions.Single().Reason, Is.EqualTo("ScaledToZero"));
    }

    [Test]
    public void Decide_FirstInvocationAtZero_WakesToOne()
    {
        var d = Decide(Spec(min: 0), Of(0) with { PendingInvocations = 1 });

        Assert.That(d.DesiredReplicas, Is.EqualTo(1));
        Assert.That(d.Events[0], Does.StartWith("SuccessfulRescale: New size: 1"));
    }

    [Test]
    public void Decide_WakeWithQueueMetric_AsksForMoreWithinScaleUpPolicies()
    {
        // Queue 50, 5 per replica → ceil(50 / 5) = 10; from 0 the default policies allow max(ceil(0 × 2) = 0, 0 + 4) = 4.
        var spec = Spec(0, 100, External("queue", 5));
        var d = Decide(spec, Of(0) with { PendingInvocations = 3, External = new Dictionary<string, double> { ["queue"] = 50 } });

        Assert.That(d.DesiredReplicas, Is.EqualTo(4));
    }

    [Test]
    public void Decide_IdleWithMinZero_ScalesToZero()
    {
        // 2 at 0% → ratio 0 → ceil(0) = 0; min 0 allows it; Percent 1000 allows the whole drop.
        Assert.That(Decide(Plain(min: 0), Cpu(0, 0)).DesiredReplicas, Is.Zero);
    }

    [Test]
    public void Decide_StateIsReturnedNotKept_SameInputsSameDecision()
    {
        var first = Decide(Spec(), Cpu(Repeat(240, 10)));
        var second = Decide(Spec(), Cpu(Repeat(240, 10)));

        Assert.That(second.DesiredReplicas, Is.EqualTo(first.DesiredReplicas));
        Assert.That(first.State.ScaleUpEvents.Single(), Is.EqualTo(new ScaleEvent(T0, 10)));
    }

    [Test]
    public void Validate_BadSpecs_NameTheField()
    {
        Assert.That((Spec() with { MaxReplicas = 0 }).Validate(), Does.Contain("maxReplicas"));
        Assert.That((Spec() with { Tolerance = 1.5 }).Validate(), Does.Contain("tolerance"));
        Assert.That(Spec(1, 10, PerReplica("rps", -1)).Validate(), Does.Contain("rps"));
        Assert.That((Spec() with { ScaleDown = new ScalingRules() }).Validate(), Does.Contain("scaleDown.policies"));
        Assert.That(Spec().Validate(), Is.Null);
    }
}
