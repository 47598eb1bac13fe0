using System.Globalization;

namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// One pass of the node autoscaler with Cluster Autoscaler semantics
/// (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md):
/// nothing while the fleet is unhealthy (more than 45% and more than 3 nodes unready);
/// requests older than the provision time fail and back off; pending replicas first count
/// on nodes already asked for; the rest are binpacked onto each group's template and the
/// expander chain picks one group; scale-down removes nodes under the utilization threshold
/// whose replicas fit elsewhere once unneeded for long enough, empty ones in batches.
/// Pure: the cache is read, the state comes in and goes out.
/// </summary>
public static class NodeAutoscaler
{
    public static NodeAutoscalerDecision Decide(
        NodeAutoscalerInput input, NodeAutoscalerState state, NodeAutoscalerOptions options, DateTimeOffset now, Random random)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        var notes = new List<string>();

        var total = input.Cache.NodeCount;
        var unready = input.Cache.Nodes.Count(n => n.Condition != NodeCondition.Ready);
        if (unready > options.OkTotalUnreadyCount && unready > options.MaxTotalUnreadyPercentage / 100 * total)
        {
            notes.Add(Invariant($"fleet unhealthy: {unready} of {total} nodes unready (more than {options.MaxTotalUnreadyPercentage}% and more than {options.OkTotalUnreadyCount}); no scale-up or scale-down"));
            return new NodeAutoscalerDecision { Notes = notes, State = state };
        }

        // Requests that never turned into a node fail their group (CA: max-node-provision-time).
        foreach (var late in state.Upcoming.Where(u => now - u.RequestedAt >= options.MaxNodeProvisionTime).Select(u => u.Group).Distinct().ToList())
        {
            state = state.ScaleUpFailed(late, Invariant($"node not registered within {options.MaxNodeProvisionTime.TotalMinutes:0.#} min"), now, options);
            notes.Add(Invariant($"group {late}: scale-up timed out; backing off until {state.Backoff[late].Until:HH:mm:ss}"));
        }

        var sizes = input.Groups.ToDictionary(g => g.Name, _ => 0, StringComparer.Ordinal);
        foreach (var node in input.Cache.Nodes)
        {
            if (node.Labels.TryGetValue(NodeGroup.Label, out var group) && sizes.TryGetValue(group, out var size))
            {
                sizes[group] = size + 1;
            }
        }

        var (scaleUps, upState) = ScaleUp(input, state, options, now, random, sizes, notes);
        state = upState;
        if (scaleUps.Count > 0)
        {
            notes.Add("scale-down skipped: scaled up in this pass");
            return new NodeAutoscalerDecision { ScaleUps = scaleUps, Notes = notes, State = state with { UnneededSince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal) } };
        }

        return ScaleDown(input, state, options, now, sizes, notes);
    }

    private static (List<ScaleUpAction> Actions, NodeAutoscalerState State) ScaleUp(
        NodeAutoscalerInput input, NodeAutoscalerState state, NodeAutoscalerOptions options, DateTimeOffset now, Random random, Dictionary<string, int> sizes, List<string> notes)
    {
        var pending = input.Pending.Where(p => p.Count > 0).ToList();
        if (pending.Count == 0)
        {
            return ([], state);
        }

        // Replicas that the nodes already asked for will take do not ask again.
        foreach (var group in input.Groups)
        {
            var upcoming = state.Upcoming.Count(u => u.Group == group.Name);
            if (upcoming == 0 || pending.Count == 0)
            {
                continue;
            }

            if (ScaleUpEstimator.Estimate(group, pending, upcoming).Option is { } absorbed)
            {
                pending = [.. pending
                    .Select(p => p with { Count = p.Count - absorbed.PlacedByWorkload.GetValueOrDefault(p.Workload.Name) })
                    .Where(p => p.Count > 0)];
                notes.Add(Invariant($"group {group.Name}: {absorbed.Replicas} pending replica(s) wait for {upcoming} node(s) already requested"));
            }
        }

        if (pending.Count == 0)
        {
            return ([], state);
        }

        var choices = new List<ExpansionOption>();
        var rejections = new List<string>();
        foreach (var group in input.Groups.OrderBy(g => g.Name, StringComparer.Ordinal))
        {
            if (state.Backoff.TryGetValue(group.Name, out var backoff) && backoff.Until > now)
            {
                rejections.Add(Invariant($"{group.Name}: backed off until {backoff.Until:HH:mm:ss} after {backoff.Failures} failure(s) ({backoff.LastError})"));
                continue;
            }

            var room = group.MaxSize - sizes[group.Name] - state.Upcoming.Count(u => u.Group == group.Name);
            var (option, why) = ScaleUpEstimator.Estimate(group, pending, room);
            if (option is null)
            {
                rejections.Add($"{group.Name}: {why}");
            }
            else
            {
                choices.Add(option);
            }
        }

        var waiting = pending.Sum(p => p.Count);
        if (choices.Count == 0)
        {
            notes.Add(Invariant($"{waiting} pending replica(s) and no node group can help: {string.Join("; ", rejections)}"));
            return ([], state);
        }

        var (best, reason) = ExpanderChain.Choose(choices, options.Expanders, random);
        if (rejections.Count > 0)
        {
            reason += "; not chosen: " + string.Join("; ", rejections);
        }

        var requested = Enumerable.Repeat(new UpcomingNode(best.Group.Name, now), best.Nodes);
        state = state with { Upcoming = [.. state.Upcoming, .. requested], LastScaleUp = now };
        return ([new ScaleUpAction(best.Group.Name, best.Nodes, best.Replicas, Invariant($"{waiting} pending replica(s); ") + reason)], state);
    }

    private static NodeAutoscalerDecision ScaleDown(
        NodeAutoscalerInput input, NodeAutoscalerState state, NodeAutoscalerOptions options, DateTimeOffset now, Dictionary<string, int> sizes, List<string> notes)
    {
        var unneeded = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var verdicts = new List<NodeVerdict>();
        if (state.LastScaleUp is { } last && now - last < options.ScaleDownDelayAfterAdd)
        {
            notes.Add(Invariant($"scale-down in cool-down: last scale-up {(now - last).TotalMinutes:0.#} min ago, delay after add {options.ScaleDownDelayAfterAdd.TotalMinutes:0.#} min"));
            return new NodeAutoscalerDecision { Notes = notes, State = state with { UnneededSince = unneeded } };
        }

        if (state.Upcoming.Count > 0)
        {
            notes.Add(Invariant($"scale-down skipped: {state.Upcoming.Count} requested node(s) not registered yet"));
            return new NodeAutoscalerDecision { Notes = notes, State = state with { UnneededSince = unneeded } };
        }

        var groups = input.Groups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        var candidates = new List<(PlacementNode Node, NodeGroup Group, double Utilization, bool Empty)>();
        foreach (var node in input.Cache.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (!node.Labels.TryGetValue(NodeGroup.Label, out var groupName) || !groups.TryGetValue(groupName, out var group))
            {
                verdicts.Add(new NodeVerdict(node.Name, null, false, "not in any node group"));
                continue;
            }

            if (node.Labels.TryGetValue(options.ScaleDownDisabledLabel, out var disabled) && disabled == "true")
            {
                verdicts.Add(new NodeVerdict(node.Name, group.Name, false, $"scale-down disabled by label {options.ScaleDownDisabledLabel}"));
                continue;
            }

            if (node.Condition != NodeCondition.Ready)
            {
                verdicts.Add(new NodeVerdict(node.Name, group.Name, false, "not ready; node lifecycle handles it"));
                continue;
            }

            var requested = input.Cache.RequestedOn(node.Name);
            var utilization = Math.Max(Fraction(requested.CpuMillis, node.Allocatable.CpuMillis), Fraction(requested.MemoryBytes, node.Allocatable.MemoryBytes));
            if (utilization >= options.ScaleDownUtilizationThreshold)
            {
                verdicts.Add(new NodeVerdict(node.Name, group.Name, false, Invariant($"utilization {utilization:0.###} is not below the threshold {options.ScaleDownUtilizationThreshold}")));
                continue;
            }

            candidates.Add((node, group, utilization, input.Cache.AssignmentsOn(node.Name).Count == 0));
        }

        var simulator = new ScaleDownSimulator(input.Cache, input.Workloads);
        var left = new Dictionary<string, int>(sizes, StringComparer.Ordinal);
        int emptyRemoved = 0, drained = 0;
        foreach (var (node, group, utilization, empty) in candidates.OrderByDescending(c => c.Empty).ThenBy(c => c.Utilization).ThenBy(c => c.Node.Name, StringComparer.Ordinal))
        {
            var (moves, why) = simulator.TryMove(node.Name);
            if (moves is null)
            {
                verdicts.Add(new NodeVerdict(node.Name, group.Name, false, Invariant($"utilization {utilization:0.###} is below the threshold, but {why}")));
                continue;
            }

            var since = state.UnneededSince.TryGetValue(node.Name, out var s) ? s : now;
            unneeded[node.Name] = since;
            var what = empty ? "empty" : Invariant($"utilization {utilization:0.###} below {options.ScaleDownUtilizationThreshold}, its {moves.Count} replica(s) fit elsewhere");
            if (now - since < options.ScaleDownUnneededTime)
            {
                verdicts.Add(new NodeVerdict(node.Name, group.Name, false, Invariant($"{what}; unneeded for {(now - since).TotalMinutes:0.#} of {options.ScaleDownUnneededTime.TotalMinutes:0.#} min")));
                continue;
            }

            if (left[group.Name] <= group.MinSize)
            {
                verdicts.Add(new NodeVerdict(node.Name, group.Name, false, Invariant($"{what}; node group {group.Name} at its minimum size {group.MinSize}")));
                continue;
            }

            if (empty ? emptyRemoved >= options.MaxEmptyBulkDelete : drained >= options.MaxDrainParallelism)
            {
                verdicts.Add(new NodeVerdict(node.Name, group.Name, false, empty
                    ? Invariant($"{what}; this pass already removes {options.MaxEmptyBulkDelete} empty nodes (max-empty-bulk-delete)")
                    : Invariant($"{what}; this pass already drains {options.MaxDrainParallelism} node(s) (max-drain-parallelism)")));
                continue;
            }

            simulator.Commit(node.Name, moves);
            left[group.Name]--;
            unneeded.Remove(node.Name);
            if (empty)
            {
                emptyRemoved++;
            }
            else
            {
                drained++;
            }

            var where = moves.Count == 0 ? "" : "; moves " + string.Join(", ", moves.Select(m => $"{m.Replica.Workload}#{m.Replica.Ordinal}→{m.Target}"));
            verdicts.Add(new NodeVerdict(node.Name, group.Name, true, Invariant($"{what}; unneeded for {(now - since).TotalMinutes:0.#} min{where}")));
        }

        return new NodeAutoscalerDecision { Nodes = verdicts, Notes = notes, State = state with { UnneededSince = unneeded } };
    }

    private static double Fraction(long used, long capacity) => capacity <= 0 ? (used > 0 ? 1 : 0) : (double)used / capacity;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
