using System.Globalization;

namespace Edge.Scheduling;

/// <summary>
/// The filters and scores of placement, shared by <see cref="PlacementEngine"/> and the
/// reference scan so both decide alike. Static filters depend only on the node's spec and the
/// workload; dynamic ones (resources, anti-affinity, spread) on what is placed.
/// </summary>
internal static class PlacementRules
{
    public const string NotReady = "node not ready";
    public const string Cordoned = "node cordoned";
    public const string Selector = "node selector";
    public const string Affinity = "node affinity";
    public const string InsufficientCpu = "insufficient cpu";
    public const string InsufficientMemory = "insufficient memory";
    public const string AlreadyRunning = "already runs a replica";
    public const string TooManyWorkloads = "too many workloads";

    /// <summary>The node's workload count limit (MaxWorkloads, as kube-scheduler's "Too many pods"): checked before CPU and memory.</summary>
    public static string? CountFilter(PlacementNode node, int replicasOnNode) =>
        node.MaxWorkloads > 0 && replicasOnNode >= node.MaxWorkloads ? TooManyWorkloads : null;

    public static string TaintReason(string key) => "taint " + key;

    /// <summary>Too few of an extended resource left (kube-scheduler's "Insufficient example.com/foo").</summary>
    public static string InsufficientReason(string resource) => "insufficient " + resource;

    /// <summary>
    /// The first extended resource of <paramref name="request"/> the node has too few of left
    /// (<paramref name="used"/> by its replicas, null when none), or null when every one fits.
    /// </summary>
    public static string? ExtendedFilter(IReadOnlyDictionary<string, long> allocatable, IReadOnlyDictionary<string, long>? used, IReadOnlyDictionary<string, long> request)
    {
        foreach (var (name, count) in request)
        {
            if (count > 0 && (used?.GetValueOrDefault(name) ?? 0) + count > allocatable.GetValueOrDefault(name))
            {
                return InsufficientReason(name);
            }
        }

        return null;
    }

    public static string MissingTopologyReason(string key) => "no label " + key;

    public static string AntiAffinityReason(string key) => "anti-affinity " + key;

    public static string SpreadReason(string key) => "topology spread " + key;

    /// <summary>Required workload affinity: no replica of the named workloads in the node's domain.</summary>
    public static string WorkloadAffinityReason(string key) => "workload affinity " + key;

    /// <summary>
    /// The workloads whose replicas count for required workload affinity: those every term names
    /// (upstream counts the pods that match all terms).
    /// </summary>
    public static IReadOnlyList<string> AffinityCounted(PlacementWorkload workload)
    {
        var terms = workload.WorkloadAffinity;
        if (terms.Count == 0)
        {
            return [];
        }

        IEnumerable<string> counted = terms[0].Workloads;
        for (var i = 1; i < terms.Count; i++)
        {
            counted = counted.Intersect(terms[i].Workloads, StringComparer.Ordinal);
        }

        return [.. counted.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Upstream's rule for the first of a series of pods affine to themselves: while no counted
    /// replica runs on a node with a term's key, a workload that every term names passes anywhere.
    /// </summary>
    public static bool AffinityExempt(PlacementWorkload workload, long countedReplicas) =>
        countedReplicas == 0 && workload.WorkloadAffinity.All(t => t.Workloads.Contains(workload.Name, StringComparer.Ordinal));

    /// <summary>Preferred workload affinity as upstream normalises it: (raw − min) / (max − min) over the nodes that pass the filters.</summary>
    public static long WorkloadAffinityScore(long raw, long min, long max) =>
        max <= min ? 0 : ScoringWeights.WorkloadAffinity * (ScoringWeights.Scale * (raw - min) / (max - min));

    /// <summary>Refused by another workload's required anti-affinity that names this one (symmetry).</summary>
    public static string SymmetricAntiAffinityReason(string owner, string key) => $"anti-affinity of {owner} {key}";

    /// <summary>The first static filter the node fails, or null when the workload could run there.</summary>
    public static string? StaticFilter(PlacementNode node, PlacementWorkload workload)
    {
        if (node.Condition != NodeCondition.Ready)
        {
            return NotReady;
        }

        if (node.Cordoned)
        {
            return Cordoned;
        }

        var domainReason = DomainFilter(node, workload);
        if (domainReason is not null)
        {
            return domainReason;
        }

        foreach (var taint in node.Taints)
        {
            if (taint.Effect != TaintEffect.PreferNoSchedule && !Tolerated(taint, workload.Tolerations))
            {
                return TaintReason(taint.Key);
            }
        }

        foreach (var spread in workload.TopologySpread)
        {
            if (spread.WhenUnsatisfiable == UnsatisfiableAction.DoNotSchedule && node.TopologyValue(spread.TopologyKey) is null)
            {
                return MissingTopologyReason(spread.TopologyKey);
            }
        }

        foreach (var term in workload.WorkloadAffinity)
        {
            if (node.TopologyValue(term.TopologyKey) is null)
            {
                return MissingTopologyReason(term.TopologyKey);
            }
        }

        // A node with fewer devices than one replica requests never takes it, whatever runs there.
        foreach (var (name, count) in workload.ExtendedRequests)
        {
            if (count > 0 && node.ExtendedResources.GetValueOrDefault(name) < count)
            {
                return InsufficientReason(name);
            }
        }

        // A node without an anti-affinity term's key is in no domain of it: nothing there conflicts (as kube-scheduler).
        return null;
    }

    /// <summary>
    /// Whether replicas on <paramref name="node"/> count toward <paramref name="spread"/>'s domains
    /// (podtopologyspread's node inclusion): a DoNotSchedule constraint needs every DoNotSchedule
    /// key of the workload on the node; nodeAffinityPolicy Honor needs the selector and required
    /// affinity to match; nodeTaintsPolicy Honor needs every NoSchedule/NoExecute taint tolerated.
    /// </summary>
    public static bool SpreadCounts(PlacementNode node, PlacementWorkload workload, TopologySpreadConstraint spread)
    {
        if (spread.WhenUnsatisfiable == UnsatisfiableAction.DoNotSchedule)
        {
            foreach (var s in workload.TopologySpread)
            {
                if (s.WhenUnsatisfiable == UnsatisfiableAction.DoNotSchedule && node.TopologyValue(s.TopologyKey) is null)
                {
                    return false;
                }
            }
        }

        if (spread.NodeAffinityPolicy == NodeInclusionPolicy.Honor && DomainFilter(node, workload) is not null)
        {
            return false;
        }

        if (spread.NodeTaintsPolicy == NodeInclusionPolicy.Honor)
        {
            foreach (var taint in node.Taints)
            {
                if (taint.Effect != TaintEffect.PreferNoSchedule && !Tolerated(taint, workload.Tolerations))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the node's domain may hold the least count: it counts and could take work now.
    /// A deliberate difference from kube-scheduler, which also lets unschedulable nodes hold the
    /// minimum: an edge site that is offline or cordoned would otherwise stop every other site at maxSkew.
    /// </summary>
    public static bool SpreadEligible(PlacementNode node, PlacementWorkload workload, TopologySpreadConstraint spread) =>
        node.Condition == NodeCondition.Ready && !node.Cordoned && SpreadCounts(node, workload, spread);

    /// <summary>How many PreferNoSchedule taints of the node the workload does not tolerate (the TaintToleration score's input).</summary>
    public static int UntoleratedPreferNoSchedule(PlacementNode node, PlacementWorkload workload)
    {
        var count = 0;
        foreach (var taint in node.Taints)
        {
            if (taint.Effect == TaintEffect.PreferNoSchedule && !Tolerated(taint, workload.Tolerations))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The largest <see cref="UntoleratedPreferNoSchedule"/> over the nodes that pass the static
    /// filters, which normalises the taint score; nodes without such taints cost no filter check.
    /// </summary>
    public static int MaxUntoleratedPreferNoSchedule(IEnumerable<PlacementNode> nodes, PlacementWorkload workload)
    {
        var max = 0;
        foreach (var node in nodes)
        {
            var count = UntoleratedPreferNoSchedule(node, workload);
            if (count > max && StaticFilter(node, workload) is null)
            {
                max = count;
            }
        }

        return max;
    }

    /// <summary>Node selector and required affinity: what makes a node's domains count for spread.</summary>
    public static string? DomainFilter(PlacementNode node, PlacementWorkload workload)
    {
        foreach (var (key, want) in workload.NodeSelector)
        {
            if (!node.Labels.TryGetValue(key, out var have) || have != want)
            {
                return Selector;
            }
        }

        return workload.Affinity.RequiredMatches(node.Labels) ? null : Affinity;
    }

    public static bool Tolerated(Taint taint, IReadOnlyList<Toleration> tolerations)
    {
        foreach (var toleration in tolerations)
        {
            if (toleration.Tolerates(taint))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The part of the score that depends only on the node's spec: preferred affinity and
    /// PreferNoSchedule taints, the latter normalised by <paramref name="maxUntolerated"/>
    /// (<see cref="MaxUntoleratedPreferNoSchedule"/> over the candidate nodes).
    /// </summary>
    public static long StaticScore(PlacementNode node, PlacementWorkload workload, int maxUntolerated)
    {
        long score = 0;
        var preferred = workload.Affinity.Preferred;
        if (preferred.Count > 0)
        {
            long total = 0, matched = 0;
            foreach (var term in preferred)
            {
                total += term.Weight;
                if (term.Preference.Matches(node.Labels))
                {
                    matched += term.Weight;
                }
            }

            score += ScoringWeights.NodeAffinity * (total == 0 ? 0 : matched * ScoringWeights.Scale / total);
        }

        return score + (ScoringWeights.TaintToleration * TaintScore(UntoleratedPreferNoSchedule(node, workload), maxUntolerated));
    }

    /// <summary>
    /// TaintToleration as kube-scheduler normalises it (reversed): the node with the most
    /// untolerated PreferNoSchedule taints among the candidates scores 0, a node with none the
    /// full scale, the rest in proportion.
    /// </summary>
    public static long TaintScore(int untolerated, int maxUntolerated) =>
        maxUntolerated <= 0 ? ScoringWeights.Scale : ScoringWeights.Scale - (ScoringWeights.Scale * (long)Math.Min(untolerated, maxUntolerated) / maxUntolerated);

    /// <summary>Strategy and balanced-allocation score of placing <paramref name="request"/> on a node that has <paramref name="used"/> requested.</summary>
    public static long ResourceScore(ScoringStrategy strategy, ResourceAmount allocatable, ResourceAmount used, ResourceAmount request)
    {
        var cpu = Fraction(used.CpuMillis + request.CpuMillis, allocatable.CpuMillis);
        var memory = Fraction(used.MemoryBytes + request.MemoryBytes, allocatable.MemoryBytes);
        var mean = (cpu + memory) / 2;
        var strategyScore = strategy == ScoringStrategy.Binpack ? mean : ScoringWeights.Scale - mean;
        var balanced = ScoringWeights.Scale - (Math.Abs(cpu - memory) / 2);
        return (ScoringWeights.Resources * strategyScore) + (ScoringWeights.BalancedAllocation * balanced);
    }

    public static string? ResourceFilter(ResourceAmount allocatable, ResourceAmount used, ResourceAmount request)
    {
        if (used.CpuMillis + request.CpuMillis > allocatable.CpuMillis)
        {
            return InsufficientCpu;
        }

        return used.MemoryBytes + request.MemoryBytes > allocatable.MemoryBytes ? InsufficientMemory : null;
    }

    /// <summary>
    /// Why a preferred node was not taken, for an operator: what is left of the resource that is
    /// short ("node-3 has 40m CPU left, needs 100m"), else the filter it fails ("node-3: node cordoned").
    /// </summary>
    public static string PreferenceRefusal(PlacementNode node, ResourceAmount used, ResourceAmount request, string reason) => reason switch
    {
        InsufficientCpu => $"{node.Name} has {ResourceText.Millis(Math.Max(0, node.Allocatable.CpuMillis - used.CpuMillis))} CPU left, needs {ResourceText.Millis(request.CpuMillis)}",
        InsufficientMemory => $"{node.Name} has {ResourceText.Bytes(Math.Max(0, node.Allocatable.MemoryBytes - used.MemoryBytes))} memory left, needs {ResourceText.Bytes(request.MemoryBytes)}",
        TooManyWorkloads => $"{node.Name} runs its maximum of {node.MaxWorkloads} workload replicas",
        _ => $"{node.Name}: {reason}",
    };

    /// <summary>Score lost to ScheduleAnyway spread for a domain holding <paramref name="aboveMin"/> replicas more than the least loaded one.</summary>
    public static long SpreadPenalty(long aboveMin) => ScoringWeights.TopologySpread * ScoringWeights.Scale * aboveMin;

    /// <summary>"0/10000 nodes fit: 9,120 insufficient memory, 880 taint edge.io/maintenance".</summary>
    public static string Summarize(int total, int fit, IReadOnlyList<FilterCount> removed)
    {
        var text = $"{fit.ToString(CultureInfo.InvariantCulture)}/{total.ToString(CultureInfo.InvariantCulture)} nodes fit";
        return removed.Count == 0
            ? text
            : text + ": " + string.Join(", ", removed.Select(r => $"{r.Nodes.ToString("N0", CultureInfo.InvariantCulture)} {r.Reason}"));
    }

    public static IReadOnlyList<FilterCount> Ordered(Dictionary<string, int> counts) =>
        [.. counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new FilterCount(kv.Key, kv.Value))];

    private static long Fraction(long used, long capacity) =>
        capacity <= 0 ? (used > 0 ? ScoringWeights.Scale : 0) : Math.Min(ScoringWeights.Scale, used * ScoringWeights.Scale / capacity);
}
