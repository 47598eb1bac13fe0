using System.Diagnostics;
using System.Globalization;
using Edge.Scheduling;

namespace Edge.Benchmarks;

/// <summary>
/// The placement engine on 10,000 nodes and 100,000 replicas of mixed workloads, full scoring
/// with three runners-up per decision, one replica per call. Baseline in the same run: the
/// reference scan that filters and scores every node for every replica, on the first
/// replicas of the same sequence (it would take hours for all), which must decide alike.
/// Engine figures are from the median of three runs.
/// Then throughput against fleet size (1k, 5k, 10k, 20k nodes; the same 200 workloads,
/// ten replicas per node). Then the same 10,000 nodes and 100,000 replicas with the full rules
/// (anti-affinity across workloads, honoured symmetrically; spread with minDomains and node
/// inclusion policies; workload affinity, required and preferred; GPUs as extended resources),
/// beside the mix above in the same run; the reference scan re-decides
/// every tenth replica of that sequence (the engine's choices replayed in between) and must agree.
/// </summary>
internal static class SchedulerSuite
{
    private const int Nodes = 10_000;
    private const int Replicas = 100_000;
    private const int NaiveReplicas = 1_000;
    private const int Runs = 3;
    private const int FullRulesSampleEvery = 10;
    private static readonly int[] Sizes = [1_000, 5_000, 10_000, 20_000];

    public static Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var figures = new Dictionary<string, double>
        {
            ["load_average_1m_before"] = LoadAverage(),
        };
        var fleet = SchedulerFleet.Create(Nodes, Replicas);
        var run = MedianRun(fleet);
        var (naivePerSecond, mismatches) = RunNaive(fleet, NaiveReplicas, run.Decisions);
        figures["nodes"] = Nodes;
        figures["replicas"] = fleet.Replicas;
        figures["workloads"] = fleet.Workloads.Count;
        figures["placed"] = run.Placed;
        figures["unplaced"] = fleet.Replicas - run.Placed;
        figures["placements_per_s"] = run.PerSecond;
        figures["p50_placement_us"] = run.P50Micros;
        figures["p99_placement_us"] = run.P99Micros;
        figures["max_placement_us"] = run.MaxMicros;
        figures["naive_placements_per_s"] = naivePerSecond;
        figures["naive_replicas_measured"] = NaiveReplicas;
        figures["naive_decisions_differing"] = mismatches;
        figures["speedup_over_naive"] = run.PerSecond / naivePerSecond;
        figures["overcommitted_nodes"] = run.Cache.Utilization().OverCapacityNodes;
        figures["spread_violations"] = SpreadViolations(fleet, run.Cache);
        figures["fleet_cpu_utilization"] = run.Cache.Utilization().CpuFraction;
        figures["fleet_memory_utilization"] = run.Cache.Utilization().MemoryFraction;
        foreach (var size in Sizes)
        {
            var sized = size == Nodes ? fleet : SchedulerFleet.Create(size, size * 10);
            var sizedRun = size == Nodes ? run : MedianRun(sized);
            figures[$"placements_per_s_{size}_nodes"] = sizedRun.PerSecond;
            figures[$"p99_placement_us_{size}_nodes"] = sizedRun.P99Micros;
            figures[$"naive_placements_per_s_{size}_nodes"] = RunNaive(sized, 200, sizedRun.Decisions).PerSecond;
        }

        var full = SchedulerFleet.Create(Nodes, Replicas, fullRules: true);
        var fullRun = MedianRun(full);
        var (checkedReplicas, differing, referencePerSecond) = CheckSample(full, fullRun.Decisions, FullRulesSampleEvery);
        figures["placements_per_s_full_rules"] = fullRun.PerSecond;
        figures["placements_per_s_todays_mix_same_run"] = run.PerSecond;
        figures["p99_placement_us_full_rules"] = fullRun.P99Micros;
        figures["placed_full_rules"] = fullRun.Placed;
        figures["unplaced_full_rules"] = full.Replicas - fullRun.Placed;
        figures["overcommitted_nodes_full_rules"] = fullRun.Cache.Utilization().OverCapacityNodes + fullRun.Cache.ExtendedOverCapacity().Count;
        figures["constraint_violations_full_rules"] = SpreadViolations(full, fullRun.Cache) + AntiAffinityViolations(full, fullRun.Cache) + AffinityViolations(full, fullRun.Cache);
        figures["gpu_replicas_placed_full_rules"] = full.Workloads.Where(w => w.ExtendedRequests.Count > 0).Sum(w => fullRun.Cache.ReplicaCount(w.Name));
        figures["full_rules_reference_checked_replicas"] = checkedReplicas;
        figures["full_rules_reference_checked_fraction"] = (double)checkedReplicas / full.Replicas;
        figures["full_rules_reference_decisions_differing"] = differing;
        figures["full_rules_reference_placements_per_s"] = referencePerSecond;
        figures["load_average_1m_after"] = LoadAverage();
        return Task.FromResult<IReadOnlyDictionary<string, double>>(figures);
    }

    /// <summary>Of three runs from a fresh cache, the one with the median throughput (the machine is shared).</summary>
    private static EngineRun MedianRun(SchedulerFleet fleet) =>
        Enumerable.Range(0, Runs).Select(_ => RunEngine(fleet)).OrderBy(r => r.PerSecond).ElementAt(Runs / 2);

    private static EngineRun RunEngine(SchedulerFleet fleet)
    {
        var cache = new ClusterCache();
        fleet.Nodes.ForEach(cache.UpsertNode);
        var engine = new PlacementEngine(cache);
        fleet.Workloads.ForEach(engine.Declare); // as the controller does at start
        var micros = new List<double>(fleet.Replicas);
        var decisions = new List<string?>(fleet.Replicas);
        var placed = 0;
        GC.Collect();
        var start = Stopwatch.GetTimestamp();
        foreach (var (workload, replicas) in fleet.Chunks)
        {
            for (var i = 0; i < replicas; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var result = engine.Place(workload, 1);
                micros.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
                var node = result.Replicas[0].Node;
                decisions.Add(node);
                placed += node is null ? 0 : 1;
            }
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        micros.Sort();
        return new EngineRun(
            cache,
            decisions,
            placed,
            micros.Count / seconds,
            micros[micros.Count / 2],
            micros[(int)(micros.Count * 0.99)],
            micros[^1]);
    }

    /// <summary>The reference scan on the first <paramref name="count"/> replicas; how many of its choices differ from the engine's.</summary>
    private static (double PerSecond, int Mismatches) RunNaive(SchedulerFleet fleet, int count, List<string?> engineDecisions)
    {
        var reference = new ReferencePlacement(fleet.Nodes);
        var done = 0;
        var mismatches = 0;
        var start = Stopwatch.GetTimestamp();
        foreach (var (workload, replicas) in fleet.Chunks)
        {
            for (var i = 0; i < replicas && done < count; i++)
            {
                var node = reference.Place(workload, 1).Replicas[0].Node;
                mismatches += node == engineDecisions[done++] ? 0 : 1;
            }
        }

        return (done / Stopwatch.GetElapsedTime(start).TotalSeconds, mismatches);
    }

    /// <summary>
    /// Replays the engine's sequence into the reference scan: every <paramref name="every"/>-th
    /// replica the reference decides itself and is compared (then set to the engine's choice, so
    /// one difference does not cascade); the others take the engine's choice directly.
    /// Returns how many were checked, how many differed, and the reference's decisions per second.
    /// </summary>
    private static (int Checked, int Differing, double PerSecond) CheckSample(SchedulerFleet fleet, List<string?> engineDecisions, int every)
    {
        var reference = new ReferencePlacement(fleet.Nodes, runnersUp: 0);
        fleet.Workloads.ForEach(reference.Declare);
        var placedSoFar = new Dictionary<string, int>(StringComparer.Ordinal);
        var k = 0;
        var checkedCount = 0;
        var differing = 0;
        var referenceTime = TimeSpan.Zero;
        foreach (var (workload, replicas) in fleet.Chunks)
        {
            for (var i = 0; i < replicas; i++, k++)
            {
                var engineNode = engineDecisions[k];
                var ordinal = placedSoFar.GetValueOrDefault(workload.Name);
                if (k % every == 0)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var node = reference.Place(workload, 1).Replicas[0].Node;
                    referenceTime += Stopwatch.GetElapsedTime(t0);
                    checkedCount++;
                    if (node != engineNode)
                    {
                        differing++;
                        if (node is not null)
                        {
                            reference.Unassign(workload.Name, ordinal, workload.Requests);
                        }

                        if (engineNode is not null)
                        {
                            reference.Assign(workload.Name, ordinal, engineNode, workload.Requests, workload.ExtendedRequests);
                        }
                    }
                }
                else if (engineNode is not null)
                {
                    reference.Assign(workload.Name, ordinal, engineNode, workload.Requests, workload.ExtendedRequests);
                }

                placedSoFar[workload.Name] = ordinal + (engineNode is null ? 0 : 1);
            }
        }

        return (checkedCount, differing, checkedCount / referenceTime.TotalSeconds);
    }

    /// <summary>(workload, DoNotSchedule constraint) pairs whose replicas end with a skew above maxSkew over the eligible domains (replicas counted on included nodes).</summary>
    private static int SpreadViolations(SchedulerFleet fleet, ClusterCache cache)
    {
        var violations = 0;
        foreach (var w in fleet.Workloads)
        {
            foreach (var spread in w.TopologySpread.Where(s => s.WhenUnsatisfiable == UnsatisfiableAction.DoNotSchedule))
            {
                var counts = fleet.Nodes.Where(n => n.TopologyValue(spread.TopologyKey) is not null && PlacementRules.SpreadEligible(n, w, spread))
                    .Select(n => n.TopologyValue(spread.TopologyKey)!).Distinct(StringComparer.Ordinal)
                    .ToDictionary(d => d, _ => 0, StringComparer.Ordinal);
                var min = counts.Count < spread.MinDomains ? 0 : -1;
                var busiest = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var a in cache.AssignmentsOf(w.Name))
                {
                    var node = cache.GetNode(a.Node)!;
                    if (PlacementRules.SpreadCounts(node, w, spread) && node.TopologyValue(spread.TopologyKey) is { } d)
                    {
                        busiest[d] = busiest.GetValueOrDefault(d) + 1;
                        if (counts.TryGetValue(d, out var c))
                        {
                            counts[d] = c + 1;
                        }
                    }
                }

                min = min == 0 || counts.Count == 0 ? 0 : counts.Values.Min();
                if (busiest.Count > 0 && busiest.Values.Max() - min > spread.MaxSkew)
                {
                    violations++;
                }
            }
        }

        return violations;
    }

    /// <summary>(workload, term) pairs where a replica of a named workload shares a domain with one of the workload's (itself: two of its own).</summary>
    private static int AntiAffinityViolations(SchedulerFleet fleet, ClusterCache cache)
    {
        var violations = 0;
        foreach (var w in fleet.Workloads)
        {
            foreach (var term in w.AntiAffinity)
            {
                var mine = cache.AssignmentsOf(w.Name).Select(a => cache.GetNode(a.Node)!.TopologyValue(term.TopologyKey)).OfType<string>().ToList();
                var theirs = term.Workloads.Where(x => x != w.Name).SelectMany(cache.AssignmentsOf)
                    .Select(a => cache.GetNode(a.Node)!.TopologyValue(term.TopologyKey)).OfType<string>().ToHashSet(StringComparer.Ordinal);
                var selfClash = term.Workloads.Contains(w.Name) && mine.Distinct(StringComparer.Ordinal).Count() != mine.Count;
                if (selfClash || mine.Any(theirs.Contains))
                {
                    violations++;
                }
            }
        }

        return violations;
    }

    /// <summary>(workload, required workload-affinity term) pairs with a replica in a domain holding no replica the terms count.</summary>
    private static int AffinityViolations(SchedulerFleet fleet, ClusterCache cache)
    {
        var violations = 0;
        foreach (var w in fleet.Workloads)
        {
            var counted = PlacementRules.AffinityCounted(w);
            foreach (var term in w.WorkloadAffinity)
            {
                var domains = counted.SelectMany(cache.AssignmentsOf).Select(a => cache.GetNode(a.Node)!.TopologyValue(term.TopologyKey)).OfType<string>().ToHashSet(StringComparer.Ordinal);
                if (cache.AssignmentsOf(w.Name).Any(a => cache.GetNode(a.Node)!.TopologyValue(term.TopologyKey) is not { } d || !domains.Contains(d)))
                {
                    violations++;
                }
            }
        }

        return violations;
    }

    internal static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private sealed record EngineRun(ClusterCache Cache, List<string?> Decisions, int Placed, double PerSecond, double P50Micros, double P99Micros, double MaxMicros);
}
