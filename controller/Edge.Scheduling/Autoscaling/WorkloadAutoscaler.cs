using System.Globalization;

namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// One pass of a workload's horizontal autoscaler with HorizontalPodAutoscaler v2 semantics
/// (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/ and
/// kubernetes/pkg/controller/podautoscaler/horizontal.go): each metric proposes a count, the
/// largest wins; stabilization windows over the recent recommendations; Pods/Percent policies
/// over the recent scale events with selectPolicy; min/max; then the tenant's quota. Pure:
/// the state comes in and goes out with the decision.
/// </summary>
public static class WorkloadAutoscaler
{
    public static AutoscalerDecision Decide(
        AutoscalerSpec spec, WorkloadMetrics observed, AutoscalerState state, QuotaHeadroom quota, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(quota);
        var pass = new Pass(spec, observed, state, quota, now);
        return pass.Run();
    }

    private sealed class Pass(AutoscalerSpec spec, WorkloadMetrics observed, AutoscalerState state, QuotaHeadroom quota, DateTimeOffset now)
    {
        private readonly List<AutoscalerCondition> _conditions = [];
        private readonly List<string> _events = [];
        private readonly int _current = observed.CurrentReplicas;
        private List<MetricProposal> _proposals = [];
        private List<TimedRecommendation> _recommendations = [.. state.Recommendations];

        public AutoscalerDecision Run()
        {
            if (_current == 0)
            {
                return spec.MinReplicas > 0 ? Disabled() : FromZero();
            }

            if (_current > spec.MaxReplicas)
            {
                return Bounded(spec.MaxReplicas, "Current number of replicas above Spec.MaxReplicas");
            }

            if (_current < spec.MinReplicas)
            {
                return Bounded(spec.MinReplicas, "Current number of replicas below Spec.MinReplicas");
            }

            var tolerances = Tolerances.Of(spec);
            _proposals = [.. spec.Metrics.Select(m => ReplicaCalculator.Propose(m, observed, tolerances))];
            var valid = _proposals.Where(p => p.Valid).ToList();
            var metricReplicas = valid.Count == 0 ? 0 : valid.Max(p => p.Replicas!.Value);
            var invalid = _proposals.Count - valid.Count;

            // horizontal.go computeReplicasForMetrics: all metrics failing, or some failing while the
            // others would scale down, leaves the count alone (a missing metric must not shrink the workload).
            if (invalid >= _proposals.Count || (invalid > 0 && metricReplicas < _current))
            {
                // The condition follows the first failing metric, its reason named by the metric's type (FailedGetResourceMetric, ...).
                var first = _proposals.FirstOrDefault(p => !p.Valid);
                var message = first is null ? "no metrics configured" : first.ToString();
                var reason = first is null ? "InvalidMetricSourceType" : FailedGetReason(first.Metric.Source);
                _conditions.Add(new AutoscalerCondition(ConditionType.AbleToScale, true, "SucceededGetScale", "the autoscaler was able to get the target's current scale"));
                _conditions.Add(new AutoscalerCondition(ConditionType.ScalingActive, false, reason, message));
                _events.AddRange(_proposals.Where(p => !p.Valid).Select(p => $"{FailedGetReason(p.Metric.Source)}: {p}"));
                _events.Add($"FailedComputeMetricsReplicas: invalid metrics ({invalid} invalid out of {_proposals.Count}), first error is: {message}");
                return Decision(_current, metricReplicas, state);
            }

            var winner = valid.First(p => p.Replicas == metricReplicas);
            _conditions.Add(new AutoscalerCondition(ConditionType.ScalingActive, true, "ValidMetricFound", $"the HPA was able to compute the replica count from {winner.Metric}"));
            var desired = Normalize(metricReplicas, spec.MinReplicas);
            desired = CapByQuota(desired);
            return Finish(desired, metricReplicas, $"{winner.Metric} above target", "All metrics below target");
        }

        /// <summary>horizontal.go's per-type condition reason for a metric that could not be read.</summary>
        private static string FailedGetReason(MetricSourceType source) => source switch
        {
            MetricSourceType.Resource => "FailedGetResourceMetric",
            MetricSourceType.Pods => "FailedGetPodsMetric",
            MetricSourceType.External => "FailedGetExternalMetric",
            _ => "InvalidMetricSourceType",
        };

        /// <summary>horizontal.go: a target at 0 replicas with minReplicas above 0 is not autoscaled.</summary>
        private AutoscalerDecision Disabled()
        {
            _conditions.Add(new AutoscalerCondition(ConditionType.ScalingActive, false, "ScalingDisabled", "scaling is disabled since the replica count of the target is zero"));
            return Decision(0, 0, state);
        }

        /// <summary>
        /// Scaled to zero (minReplicas 0): nothing to measure per replica. The first invocation wakes
        /// the workload to at least one replica (KEDA's activation); an External AverageValue metric
        /// may ask for more at once, within the scale-up policies, max and quota.
        /// </summary>
        private AutoscalerDecision FromZero()
        {
            if (observed.PendingInvocations <= 0)
            {
                _conditions.Add(new AutoscalerCondition(ConditionType.ScalingActive, false, "ScaledToZero", "no invocations; the first one wakes the workload"));
                return Decision(0, 0, state);
            }

            var tolerances = Tolerances.Of(spec);
            _proposals = [.. spec.Metrics.Where(m => m.Source == MetricSourceType.External && m.TargetType == MetricTargetType.AverageValue)
                .Select(m => ReplicaCalculator.Propose(m, observed, tolerances))];
            var wanted = Math.Max(1, _proposals.Where(p => p.Valid).Select(p => p.Replicas!.Value).DefaultIfEmpty(1).Max());
            _conditions.Add(new AutoscalerCondition(ConditionType.ScalingActive, true, "Woken", $"{observed.PendingInvocations} invocation(s) arrived while scaled to zero"));
            var desired = Math.Max(1, Normalize(wanted, 1));
            desired = CapByQuota(desired);
            return Finish(desired, wanted, $"woken by {observed.PendingInvocations} invocation(s)", "");
        }

        private AutoscalerDecision Bounded(int desired, string reason)
        {
            _conditions.Add(new AutoscalerCondition(ConditionType.AbleToScale, true, "SucceededRescale", reason));
            desired = CapByQuota(desired);
            return Finish(desired, desired, reason, reason);
        }

        private AutoscalerDecision Finish(int desired, int metricReplicas, string upReason, string downReason)
        {
            var next = state with { Recommendations = _recommendations };
            if (desired != _current)
            {
                var reason = desired > _current ? upReason : downReason;
                _events.Insert(0, $"SuccessfulRescale: New size: {desired}; reason: {reason}");
                next = Record(next, desired);

                // As horizontal.go after a successful update: AbleToScale says the target was rescaled
                // (the controller replaces it with FailedUpdateScale when applying the count fails).
                _conditions.RemoveAll(c => c.Type == ConditionType.AbleToScale);
                _conditions.Insert(0, new AutoscalerCondition(ConditionType.AbleToScale, true, "SucceededRescale", $"the HPA controller was able to update the target scale to {desired}"));
            }

            return Decision(desired, metricReplicas, next);
        }

        /// <summary>normalizeDesiredReplicasWithBehaviors: stabilize over the windows, then limit by the policies and bounds.</summary>
        private int Normalize(int desired, int minReplicas)
        {
            var stabilized = Stabilize(desired);
            _conditions.Add(stabilized != desired
                ? new AutoscalerCondition(
                    ConditionType.AbleToScale,
                    true,
                    desired >= _current ? "ScaleUpStabilized" : "ScaleDownStabilized",
                    desired >= _current
                        ? $"recent recommendations were lower than current one, applying the lowest recent recommendation ({stabilized})"
                        : $"recent recommendations were higher than current one, applying the highest recent recommendation ({stabilized})")
                : new AutoscalerCondition(ConditionType.AbleToScale, true, "ReadyForNewScale", "recommended size matches current size"));

            var (limited, reason, message) = LimitByPolicies(stabilized, minReplicas);
            _conditions.Add(new AutoscalerCondition(ConditionType.ScalingLimited, limited != stabilized, reason, message));
            return limited;
        }

        private int Stabilize(int desired)
        {
            if (_recommendations.Count == 0 && spec.ScaleDown.StabilizationWindow > TimeSpan.Zero)
            {
                // maybeInitScaleDownStabilizationWindow: a newly seen autoscaler does not scale down
                // before a full window has passed (e.g. after a controller restart).
                _recommendations.Add(new TimedRecommendation(now, _current));
            }

            var upCutoff = now - spec.ScaleUp.StabilizationWindow;
            var downCutoff = now - spec.ScaleDown.StabilizationWindow;
            var up = desired;
            var down = desired;
            foreach (var rec in _recommendations)
            {
                if (rec.At > upCutoff)
                {
                    up = Math.Min(up, rec.Replicas);
                }

                if (rec.At > downCutoff)
                {
                    down = Math.Max(down, rec.Replicas);
                }
            }

            // Keep what a window can still see, then record this pass's unstabilized recommendation.
            var oldest = upCutoff < downCutoff ? upCutoff : downCutoff;
            _recommendations = [.. _recommendations.Where(r => r.At > oldest), new TimedRecommendation(now, desired)];
            return Math.Min(Math.Max(_current, up), down);
        }

        /// <summary>convertDesiredReplicasWithBehaviorRate.</summary>
        private (int Replicas, string Reason, string Message) LimitByPolicies(int desired, int minReplicas)
        {
            if (desired > _current)
            {
                var limit = Math.Max(_current, ScaleUpLimit());
                var maximum = spec.MaxReplicas;
                string reason, message;
                if (maximum > limit)
                {
                    maximum = limit;
                    reason = "ScaleUpLimit";
                    message = RateMessage(spec.ScaleUp, "up", "increasing");
                }
                else
                {
                    reason = "TooManyReplicas";
                    message = $"the desired replica count is more than the maximum replica count ({spec.MaxReplicas})";
                }

                if (desired > maximum)
                {
                    return (maximum, reason, message);
                }
            }
            else if (desired < _current)
            {
                var limit = Math.Min(_current, ScaleDownLimit());
                var minimum = minReplicas;
                string reason, message;
                if (minimum < limit)
                {
                    minimum = limit;
                    reason = "ScaleDownLimit";
                    message = RateMessage(spec.ScaleDown, "down", "decreasing");
                }
                else
                {
                    reason = "TooFewReplicas";
                    message = $"the desired replica count is less than the minimum replica count ({minReplicas})";
                }

                if (desired < minimum)
                {
                    return (minimum, reason, message);
                }
            }

            return (desired, "DesiredWithinRange", "the desired count is within the acceptable range");
        }

        private static string RateMessage(ScalingRules rules, string direction, string moving) =>
            rules.SelectPolicy == SelectPolicy.Disabled
                ? $"scaling {direction} is disabled (selectPolicy Disabled)"
                : $"the desired replica count is {moving} faster than the maximum scale rate ({string.Join(", ", rules.Policies)}, select {rules.SelectPolicy})";

        /// <summary>calculateScaleUpLimitWithScalingRules.</summary>
        private int ScaleUpLimit() => PolicyLimit(spec.ScaleUp, up: true);

        /// <summary>calculateScaleDownLimitWithBehaviors.</summary>
        private int ScaleDownLimit() => PolicyLimit(spec.ScaleDown, up: false);

        /// <summary>
        /// The furthest count the policies allow from each one's period start: selectPolicy Max takes the
        /// largest change, Min the smallest, Disabled none.
        /// </summary>
        private int PolicyLimit(ScalingRules rules, bool up)
        {
            if (rules.SelectPolicy == SelectPolicy.Disabled)
            {
                return _current;
            }

            var highest = up == (rules.SelectPolicy == SelectPolicy.Max);
            var result = highest ? int.MinValue : int.MaxValue;
            foreach (var policy in rules.Policies)
            {
                var start = PeriodStart(policy);
                var proposed = (policy.Type, up) switch
                {
                    (ScalingPolicyType.Pods, true) => start + policy.Value,

                    // Rounded up, or a small workload would never grow.
                    (ScalingPolicyType.Percent, true) => (int)Math.Ceiling(start * (1 + (policy.Value / 100.0))),
                    (ScalingPolicyType.Pods, false) => start - policy.Value,
                    _ => (int)(start * (1 - (policy.Value / 100.0))),
                };
                result = highest ? Math.Max(result, proposed) : Math.Min(result, proposed);
            }

            return result;
        }

        /// <summary>Replicas at the start of the policy's period: current − added + removed within it.</summary>
        private int PeriodStart(ScalingPolicy policy)
        {
            var cutoff = now - TimeSpan.FromSeconds(policy.PeriodSeconds);
            var added = state.ScaleUpEvents.Where(e => e.At > cutoff).Sum(e => e.Change);
            var removed = state.ScaleDownEvents.Where(e => e.At > cutoff).Sum(e => e.Change);
            return _current - added + removed;
        }

        private int CapByQuota(int desired)
        {
            if (desired <= _current)
            {
                return desired;
            }

            var (more, limit) = quota.MoreReplicas(observed.Requests);
            if (limit is null || _current + (long)more >= desired)
            {
                return desired;
            }

            var capped = _current + more;
            var message = string.Create(
                CultureInfo.InvariantCulture,
                $"the tenant's {limit} quota allows {more} more replica(s): capped at {capped} instead of {desired}");
            _conditions.RemoveAll(c => c.Type == ConditionType.ScalingLimited);
            _conditions.Add(new AutoscalerCondition(ConditionType.ScalingLimited, true, "QuotaExceeded", message));
            _events.Add($"QuotaExceeded: {message}");
            return capped;
        }

        private AutoscalerState Record(AutoscalerState next, int desired)
        {
            // storeScaleEvent: keep events a policy period can still see.
            if (desired > _current)
            {
                var cutoff = now - spec.ScaleUp.LongestPeriod;
                return next with { ScaleUpEvents = [.. next.ScaleUpEvents.Where(e => e.At > cutoff), new ScaleEvent(now, desired - _current)] };
            }

            var downCutoff = now - spec.ScaleDown.LongestPeriod;
            return next with { ScaleDownEvents = [.. next.ScaleDownEvents.Where(e => e.At > downCutoff), new ScaleEvent(now, _current - desired)] };
        }

        private AutoscalerDecision Decision(int desired, int metricReplicas, AutoscalerState next) => new()
        {
            Workload = spec.Workload,
            CurrentReplicas = _current,
            DesiredReplicas = desired,
            MetricReplicas = metricReplicas,
            Metrics = _proposals,
            Conditions = _conditions,
            Events = _events,
            State = next,
        };
    }
}
