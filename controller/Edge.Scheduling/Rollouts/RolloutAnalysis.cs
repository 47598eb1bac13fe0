using System.Globalization;

namespace Edge.Scheduling.Rollouts;

/// <summary>
/// Judges a new revision's cohort against its gates: Fail as soon as any gate with a figure is
/// past its bound (once the cohort has the minimum invocations), Pass when every gate has a
/// figure within its bound, else Inconclusive. A relative gate with no baseline (no node left
/// on the old revision, or none measured) is judged against its Plus alone, as if the
/// baseline were zero, and says so.
/// </summary>
public static class RolloutAnalysis
{
    public static AnalysisResult Judge(IReadOnlyList<AnalysisGate> gates, long minInvocations, CohortFigures candidate, CohortFigures? baseline)
    {
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Invocations < minInvocations)
        {
            return new AnalysisResult(Verdict.Inconclusive, [], string.Create(CultureInfo.InvariantCulture, $"{candidate.Invocations} invocations on the new revision, {minInvocations} needed before a verdict"));
        }

        var results = gates.Select(g => JudgeGate(g, candidate, baseline)).ToList();
        var verdict = results.Any(r => r.Verdict == Verdict.Fail) ? Verdict.Fail
            : results.All(r => r.Verdict == Verdict.Pass) ? Verdict.Pass
            : Verdict.Inconclusive;
        var reason = verdict switch
        {
            Verdict.Fail => string.Join("; ", results.Where(r => r.Verdict == Verdict.Fail).Select(r => r.Reason)),
            Verdict.Pass => results.Count == 0 ? "no gates" : "every gate within its bound",
            _ => string.Join("; ", results.Where(r => r.Verdict == Verdict.Inconclusive).Select(r => r.Reason)),
        };
        return new AnalysisResult(verdict, results, reason);
    }

    private static GateResult JudgeGate(AnalysisGate gate, CohortFigures candidate, CohortFigures? baseline)
    {
        var figure = candidate.Of(gate);
        var base_ = baseline?.Of(gate);
        var bound = gate.Max ?? (gate.Factor * (base_ ?? 0)) + gate.Plus;
        if (figure is not { } f)
        {
            return new GateResult(gate.Name, null, base_, bound, Verdict.Inconclusive, $"{gate.Name}: no figure from the new revision yet");
        }

        var how = gate.Max is not null ? "absolute"
            : base_ is null ? "no baseline: bound from plus alone"
            : string.Create(CultureInfo.InvariantCulture, $"{gate.Factor:0.###} × baseline {base_:0.###} + {gate.Plus:0.###}");
        var within = f <= bound + 1e-9;
        return new GateResult(gate.Name, f, base_, bound, within ? Verdict.Pass : Verdict.Fail,
            string.Create(CultureInfo.InvariantCulture, $"{gate.Name} {f:0.###} {(within ? "≤" : ">")} {bound:0.###} ({how})"));
    }
}
