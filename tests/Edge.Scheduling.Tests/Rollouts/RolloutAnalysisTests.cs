using Edge.Scheduling.Rollouts;

namespace Edge.Scheduling.Tests.Rollouts;

public sealed class RolloutAnalysisTests
{
    private static readonly AnalysisGate FailureWithinOnePointOfBaseline = new() { Metric = GateMetric.FailureRate, Plus = 1 };
    private static readonly AnalysisGate P99Within120Percent = new() { Metric = GateMetric.P99LatencyMs, Factor = 1.2 };
    private static readonly AnalysisGate QueueDepthAtMost10 = new() { Metric = GateMetric.Guest, GuestName = "queue_depth", Max = 10 };

    private static readonly CohortFigures Baseline = new() { Invocations = 10_000, Failures = 50, P99LatencyMs = 40 };

    [Test]
    public void Judge_HalfFailing_FailsNamingTheGateAndItsFigures()
    {
        var canary = new CohortFigures { Invocations = 200, Failures = 100, P99LatencyMs = 41 };

        var result = RolloutAnalysis.Judge([FailureWithinOnePointOfBaseline, P99Within120Percent], 100, canary, Baseline);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(result.Reason, Is.EqualTo("failureRate 50 > 1.5 (1 × baseline 0.5 + 1)"));
        Assert.That(result.Gates.Select(g => g.Verdict), Is.EqualTo(new[] { Verdict.Fail, Verdict.Pass }));
    }

    [Test]
    public void Judge_WithinEveryBound_Passes()
    {
        var canary = new CohortFigures { Invocations = 500, Failures = 5, P99LatencyMs = 47, Guest = new Dictionary<string, double> { ["queue_depth"] = 3 } };

        var result = RolloutAnalysis.Judge([FailureWithinOnePointOfBaseline, P99Within120Percent, QueueDepthAtMost10], 100, canary, Baseline);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Pass), result.Reason);
    }

    [Test]
    public void Judge_TooFewInvocations_InconclusiveEvenIfAllFail()
    {
        var canary = new CohortFigures { Invocations = 20, Failures = 20 };

        var result = RolloutAnalysis.Judge([FailureWithinOnePointOfBaseline], 100, canary, Baseline);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(result.Reason, Does.Contain("20 invocations").And.Contain("100 needed"));
    }

    [Test]
    public void Judge_GuestMetricNotReportedYet_Inconclusive()
    {
        var canary = new CohortFigures { Invocations = 500, Failures = 0 };

        var result = RolloutAnalysis.Judge([FailureWithinOnePointOfBaseline, QueueDepthAtMost10], 100, canary, Baseline);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(result.Reason, Does.Contain("guest:queue_depth: no figure"));
    }

    [Test]
    public void Judge_OneGateFailsAnotherUnknown_FailsAtOnce()
    {
        var canary = new CohortFigures { Invocations = 500, Failures = 250 };

        Assert.That(RolloutAnalysis.Judge([FailureWithinOnePointOfBaseline, QueueDepthAtMost10], 100, canary, Baseline).Verdict, Is.EqualTo(Verdict.Fail));
    }

    [Test]
    public void Judge_RelativeGateWithoutBaseline_BoundIsPlusAlone()
    {
        var canary = new CohortFigures { Invocations = 500, Failures = 10 };

        var result = RolloutAnalysis.Judge([FailureWithinOnePointOfBaseline], 100, canary, baseline: null);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(result.Gates[0].Reason, Does.Contain("no baseline"));
    }
}
