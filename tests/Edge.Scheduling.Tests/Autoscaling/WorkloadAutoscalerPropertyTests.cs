using CsCheck;
using Edge.Scheduling.Autoscaling;
using static Edge.Scheduling.Tests.Autoscaling.Hpa;

namespace Edge.Scheduling.Tests.Autoscaling;

/// <summary>Random specs and loads: the count stays within [min, max] and within what the policies allow.</summary>
public sealed class WorkloadAutoscalerPropertyTests
{
    private static readonly Gen<ScalingPolicy> Policy = Gen.Select(Gen.Int[0, 1], Gen.Int[1, 300], Gen.Int[1, 120])
        .Select((type, value, period) => new ScalingPolicy(type == 0 ? ScalingPolicyType.Pods : ScalingPolicyType.Percent, type == 0 ? Math.Max(1, value / 10) : value, period));

    private static readonly Gen<ScalingRules> Rules = Gen.Select(Policy.Array[1, 3], Gen.Int[0, 1], Gen.Int[0, 120])
        .Select((policies, select, window) => new ScalingRules
        {
            Policies = policies,
            SelectPolicy = select == 0 ? SelectPolicy.Max : SelectPolicy.Min,
            StabilizationWindow = TimeSpan.FromSeconds(window),
        });

    private static readonly Gen<(AutoscalerSpec Spec, int Current, int[] Loads)> Cases =
        Gen.Select(Gen.Int[0, 5], Gen.Int[1, 40], Rules, Rules, Gen.Int[0, 40], Gen.Int[0, 600].Array[1, 12])
            .Select((min, extra, up, down, current, loads) =>
            {
                var spec = Spec(min, min + extra) with { ScaleUp = up, ScaleDown = down };
                return (spec, Math.Clamp(current, Math.Max(1, min), spec.MaxReplicas), loads);
            });

    [Test]
    public void Decide_AnySingleFirstPass_WithinBoundsAndPolicyLimits()
    {
        Cases.Sample(c =>
        {
            var d = Decide(c.Spec, Cpu(Repeat(c.Loads[0], c.Current)));
            Assert.That(d.DesiredReplicas, Is.InRange(c.Spec.MinReplicas, c.Spec.MaxReplicas));
            if (d.DesiredReplicas > c.Current)
            {
                // With no history the period starts at the current count: Pods adds Value, Percent ceil(current × (1 + p)) − current.
                var allowed = c.Spec.ScaleUp.Policies.Select(p => p.Type == ScalingPolicyType.Pods ? p.Value : (int)Math.Ceiling(c.Current * (1 + (p.Value / 100.0))) - c.Current);
                var limit = c.Spec.ScaleUp.SelectPolicy == SelectPolicy.Min ? allowed.Min() : allowed.Max();
                Assert.That(d.DesiredReplicas - c.Current, Is.LessThanOrEqualTo(limit));
            }
            else
            {
                // The first pass seeds the scale-down window with the current count: no scale-down unless the window is 0.
                Assert.That(c.Current - d.DesiredReplicas, c.Spec.ScaleDown.StabilizationWindow > TimeSpan.Zero ? Is.Zero : Is.GreaterThanOrEqualTo(0));
            }
        }, iter: 2000, threads: 1);
    }

    [Test]
    public void Decide_AnyReplayOfLoads_StaysWithinBoundsAndMovesOnlyWhenMetricsAsk()
    {
        Cases.Sample(c =>
        {
            var state = AutoscalerState.Empty;
            var current = c.Current;
            var at = T0;
            foreach (var load in c.Loads)
            {
                var d = Decide(c.Spec, Cpu(Repeat(load, current)), state, at);
                Assert.That(d.DesiredReplicas, Is.InRange(c.Spec.MinReplicas, c.Spec.MaxReplicas));

                // Never past what the metrics asked for, except to reach minReplicas.
                if (d.DesiredReplicas > current)
                {
                    Assert.That(d.DesiredReplicas, Is.LessThanOrEqualTo(Math.Max(d.MetricReplicas, c.Spec.MinReplicas)));
                }
                else if (d.DesiredReplicas < current)
                {
                    Assert.That(d.DesiredReplicas, Is.GreaterThanOrEqualTo(Math.Min(d.MetricReplicas, c.Spec.MaxReplicas)));
                }

                state = d.State;
                current = Math.Max(1, d.DesiredReplicas);
                at += TimeSpan.FromSeconds(15);
            }
        }, iter: 500, threads: 1);
    }
}
