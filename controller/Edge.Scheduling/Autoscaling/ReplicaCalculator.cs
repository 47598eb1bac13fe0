using System.Globalization;

namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// The replica count one metric asks for, following the HPA controller's replica calculator
/// (kubernetes/pkg/controller/podautoscaler/replica_calculator.go): desired = ceil(ratio × ready
/// replicas); within tolerance nothing changes; replicas missing the metric count as using the
/// target (100% of the request, or the target when above 100%, for Resource) on a scale-down
/// and 0 on a scale-up, and are left out when the ratio is exactly 1 (no change to fill in);
/// not-ready replicas are set aside (0 on a scale-up, ignored otherwise) for the CPU resource
/// metric only: for other metrics a not-ready replica that reports a value counts as it is, and
/// one that reports nothing is set aside as upstream sets pending pods aside; and a recount
/// that flips the direction or shrinks the change keeps the current count.
/// </summary>
public static class ReplicaCalculator
{
    public static MetricProposal Propose(MetricSpec metric, WorkloadMetrics observed, Tolerances tolerances)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(observed);
        var proposal = metric.Source == MetricSourceType.External
            ? External(metric, observed, tolerances)
            : PerReplica(metric, observed, tolerances);
        return observed.Sources.TryGetValue(metric.Name, out var source) ? proposal with { Detail = $"{proposal.Detail} [{source}]" } : proposal;
    }

    private static MetricProposal PerReplica(MetricSpec metric, WorkloadMetrics observed, Tolerances tolerances)
    {
        var current = observed.CurrentReplicas;
        double request = 0;
        if (metric.Source == MetricSourceType.Resource && metric.TargetType == MetricTargetType.Utilization)
        {
            request = metric.Name == MetricSpec.Cpu ? observed.Requests.CpuMillis : observed.Requests.MemoryBytes;
            if (request <= 0)
            {
                return Invalid(metric, $"missing request for {metric.Name}: utilization needs a reservation");
            }
        }

        // Usage of one replica as a fraction of the target: (usage / request × 100) / target%, or usage / target.
        double Ratio(double value) => request > 0 ? value / request * 100 / metric.Target : value / metric.Target;

        // groupPods: readiness sets a replica aside only for CPU, whose first samples after a start are unrepresentative.
        var cpu = metric.Source == MetricSourceType.Resource && metric.Name == MetricSpec.Cpu;
        var ready = new List<double>();
        var missing = 0;
        var unready = 0;
        foreach (var replica in observed.Replicas)
        {
            var has = replica.Values.TryGetValue(metric.Name, out var value) && double.IsFinite(value);
            if (!replica.Ready && (cpu || !has))
            {
                unready++;
            }
            else if (has)
            {
                ready.Add(value);
            }
            else
            {
                missing++;
            }
        }

        if (ready.Count == 0)
        {
            return Invalid(metric, "no metrics from ready replicas" + (unready > 0 ? $" ({unready} not ready)" : ""));
        }

        var usageRatio = ready.Sum(Ratio) / ready.Count;
        var scaleUpWithUnready = unready > 0 && usageRatio > 1;
        if (!scaleUpWithUnready && missing == 0)
        {
            if (tolerances.IsWithin(usageRatio))
            {
                return new MetricProposal(metric, current, usageRatio, Describe(usageRatio, ready.Count, "within tolerance"));
            }

            var replicas = (int)Math.Ceiling(usageRatio * ready.Count);
            return new MetricProposal(metric, replicas, usageRatio, Describe(usageRatio, ready.Count, $"ceil({F(usageRatio)} × {ready.Count}) = {replicas}"));
        }

        // Recount with the assumptions for missing and not-ready replicas, as Kubernetes does.
        var ratios = ready.Select(Ratio).ToList();
        if (missing > 0 && usageRatio != 1)
        {
            // Scale-down: at target (Resource: 100% of the request, or the target when above 100%); scale-up: 0.
            // At exactly 1 there is no direction to fill in for: missing replicas are left out and the count stays.
            var fallbackRatio = usageRatio < 1 ? (request > 0 ? Math.Max(100, metric.Target) / metric.Target : 1) : 0;
            ratios.AddRange(Enumerable.Repeat(fallbackRatio, missing));
        }

        if (scaleUpWithUnready)
        {
            ratios.AddRange(Enumerable.Repeat(0.0, unready));
        }

        var newRatio = ratios.Sum() / ratios.Count;
        var assumptions = $"{missing} missing {(usageRatio < 1 ? "as at target" : usageRatio > 1 ? "as 0" : "left out at ratio 1")}" + (scaleUpWithUnready ? $", {unready} not ready as 0" : "");
        if (tolerances.IsWithin(newRatio) || (usageRatio < 1 && newRatio > 1) || (usageRatio > 1 && newRatio < 1))
        {
            return new MetricProposal(metric, current, newRatio, Describe(newRatio, ratios.Count, $"{assumptions}: no change"));
        }

        var newReplicas = (int)Math.Ceiling(newRatio * ratios.Count);
        if ((newRatio < 1 && newReplicas > current) || (newRatio > 1 && newReplicas < current))
        {
            return new MetricProposal(metric, current, newRatio, Describe(newRatio, ratios.Count, $"{assumptions}: ceil = {newReplicas} would go the wrong way, no change"));
        }

        return new MetricProposal(metric, newReplicas, newRatio, Describe(newRatio, ratios.Count, $"{assumptions}: ceil({F(newRatio)} × {ratios.Count}) = {newReplicas}"));
    }

    private static MetricProposal External(MetricSpec metric, WorkloadMetrics observed, Tolerances tolerances)
    {
        if (!observed.External.TryGetValue(metric.Name, out var total) || !double.IsFinite(total))
        {
            return Invalid(metric, "external metric missing");
        }

        var current = observed.CurrentReplicas;
        if (metric.TargetType == MetricTargetType.AverageValue)
        {
            // GetExternalPerPodMetricReplicas: ratio against the current count, desired = ceil(total / target).
            var ratio = current == 0 ? double.PositiveInfinity : total / (metric.Target * current);
            if (current > 0 && tolerances.IsWithin(ratio))
            {
                return new MetricProposal(metric, current, ratio, $"total {F(total)}, ratio {F(ratio)}: within tolerance");
            }

            var replicas = (int)Math.Ceiling(total / metric.Target);
            return new MetricProposal(metric, replicas, ratio, $"total {F(total)}: ceil({F(total)} / {F(metric.Target)}) = {replicas}");
        }

        var readyCount = observed.Replicas.Count(r => r.Ready);
        var usageRatio = total / metric.Target;
        if (tolerances.IsWithin(usageRatio))
        {
            return new MetricProposal(metric, current, usageRatio, $"value {F(total)}, ratio {F(usageRatio)}: within tolerance");
        }

        var desired = (int)Math.Ceiling(usageRatio * readyCount);
        return new MetricProposal(metric, desired, usageRatio, $"value {F(total)}: ceil({F(usageRatio)} × {readyCount} ready) = {desired}");
    }

    private static MetricProposal Invalid(MetricSpec metric, string problem) => new(metric, null, null, problem);

    private static string Describe(double ratio, int count, string outcome) => $"ratio {F(ratio)} over {count} replicas, {outcome}";

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
