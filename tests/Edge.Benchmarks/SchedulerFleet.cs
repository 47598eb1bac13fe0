using System.Globalization;
using Edge.Scheduling;

namespace Edge.Benchmarks;

/// <summary>
/// The scheduler suite's fleet and workloads, the same for a given size and seed: nodes with
/// zones, sites, architectures, core counts, taints and mixed sizes; ten kinds of workload
/// using every constraint; replicas placed in interleaved chunks as scale-ups arrive.
/// </summary>
internal sealed class SchedulerFleet
{
    public const int Zones = 20;
    public const int ChunkSize = 50;

    private SchedulerFleet(List<PlacementNode> nodes, List<PlacementWorkload> workloads, List<(PlacementWorkload Workload, int Replicas)> chunks)
    {
        Nodes = nodes;
        Workloads = workloads;
        Chunks = chunks;
    }

    public List<PlacementNode> Nodes { get; }

    public List<PlacementWorkload> Workloads { get; }

    /// <summary>The order replicas arrive in: (workload, how many) chunks, workloads interleaved.</summary>
    public List<(PlacementWorkload Workload, int Replicas)> Chunks { get; }

    public int Replicas => Chunks.Sum(c => c.Replicas);

    /// <param name="nodeCount">Nodes; sites are nodeCount / 20.</param>
    /// <param name="replicaCount">Replicas in total.</param>
    /// <param name="workloadCount">Workloads sharing them, ten kinds in turn.</param>
    /// <param name="seed">Seed of the fleet's randomness.</param>
    /// <param name="fullRules">
    /// Adds the rules that bind across workloads: anti-affinity naming other workloads (which the
    /// named ones must honour, symmetry), spread with minDomains and nodeTaintsPolicy Honor,
    /// workload affinity (required to itself by zone, preferred to another workload by zone), and
    /// extended resources (a quarter of the nodes advertise 1 to 4 GPUs; one kind requests one each).
    /// </param>
    public static SchedulerFleet Create(int nodeCount, int replicaCount, int workloadCount = 200, int seed = 42, bool fullRules = false)
    {
        var random = new Random(seed);
        var devices = new Random(seed + 1); // its own sequence: both mixes share every other node fact
        var sites = Math.Max(10, nodeCount / 20);
        var nodes = new List<PlacementNode>(nodeCount);
        for (var i = 0; i < nodeCount; i++)
        {
            var site = random.Next(sites);
            var taints = new List<Taint>();
            var roll = random.Next(100);
            if (roll < 5)
            {
                taints.Add(new Taint("edge.io/maintenance", "true", TaintEffect.NoSchedule));
            }
            else if (roll < 15)
            {
                taints.Add(new Taint("edge.io/busy", "", TaintEffect.PreferNoSchedule));
            }

            var size = 1 << random.Next(4); // 1, 2, 4, 8 units of 2 cores / 4 GiB
            nodes.Add(new PlacementNode
            {
                Name = $"node-{i:00000}",
                Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["zone"] = $"zone-{site % Zones:00}",
                    ["site"] = $"site-{site:0000}",
                    ["arch"] = random.Next(3) == 0 ? "arm64" : "x64",
                    ["cores"] = (2 * size).ToString(CultureInfo.InvariantCulture),
                },
                Taints = taints,
                Allocatable = new ResourceAmount(2000L * size, (4L << 30) * size),
                Cordoned = random.Next(100) == 0,
                ExtendedResources = fullRules && devices.Next(4) == 0
                    ? new Dictionary<string, long>(StringComparer.Ordinal) { ["edge.io/gpu"] = devices.Next(1, 5) }
                    : new Dictionary<string, long>(StringComparer.Ordinal),
            });
        }

        var workloads = new List<PlacementWorkload>(workloadCount);
        var wanted = new List<int>(workloadCount);
        for (var i = 0; i < workloadCount; i++)
        {
            var (w, cap) = Kind(i, sites, workloads);
            if (fullRules)
            {
                w = FullRules(w, i, workloadCount);
            }

            workloads.Add(w);
            wanted.Add(cap);
        }

        // Share the replicas out: capped kinds take their cap, the others split the rest.
        var capped = wanted.Where(c => c > 0).Sum();
        var open = wanted.Count(c => c == 0);
        var each = (replicaCount - capped) / open;
        var extra = (replicaCount - capped) % open;
        for (var i = 0; i < wanted.Count; i++)
        {
            if (wanted[i] == 0)
            {
                wanted[i] = each + (extra-- > 0 ? 1 : 0);
            }
        }

        var chunks = new List<(PlacementWorkload, int)>();
        for (var i = 0; i < workloads.Count; i++)
        {
            for (var left = wanted[i]; left > 0; left -= ChunkSize)
            {
                chunks.Add((workloads[i], Math.Min(ChunkSize, left)));
            }
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chunks));
        return new SchedulerFleet(nodes, workloads, chunks);
    }

    /// <summary>The cross-workload rules of the full-rules mix, by kind.</summary>
    private static PlacementWorkload FullRules(PlacementWorkload w, int i, int workloadCount)
    {
        string Later(int by) => $"w-{(i + by) % workloadCount:000}";
        return (i % 20, i % 10) switch
        {
            // Never on a node with a replica of the next spread-per-host kind: that kind must keep off these nodes.
            // Half of them need a GPU each; the other half keep all their replicas in the zone of their first.
            (0, _) => w with
            {
                AntiAffinity = [new WorkloadAntiAffinityTerm([Later(4)], PlacementNode.HostnameLabel)],
                ExtendedRequests = new Dictionary<string, long>(StringComparer.Ordinal) { ["edge.io/gpu"] = 1 },
            },
            (10, _) => w with
            {
                AntiAffinity = [new WorkloadAntiAffinityTerm([Later(4)], PlacementNode.HostnameLabel)],
                WorkloadAffinity = [new WorkloadAffinityTerm([w.Name], "zone")],
            },

            // Rather in the zones of the next binpacked kind, which sticks to three zones.
            (_, 3) => w with { PreferredWorkloadAffinity = [new WeightedWorkloadAffinityTerm(30, new WorkloadAffinityTerm([Later(3)], "zone"))] },
            (_, 1) => w with { AntiAffinity = [new WorkloadAntiAffinityTerm([Later(8)], PlacementNode.HostnameLabel)] },
            (_, 2) => w with
            {
                TopologySpread = [.. w.TopologySpread.Select(s => s with { MinDomains = 5, NodeTaintsPolicy = NodeInclusionPolicy.Honor })],
            },

            // One per site, and keeps the next kind (site spread) out of its sites.
            (_, 7) => w with { AntiAffinity = [.. w.AntiAffinity, new WorkloadAntiAffinityTerm([Later(1)], "site")] },
            (_, 8) => w with
            {
                TopologySpread = [.. w.TopologySpread.Select(s => s with { NodeAffinityPolicy = NodeInclusionPolicy.Ignore })],
            },
            _ => w,
        };
    }

    /// <summary>The i-th workload and its replica cap (0: no cap).</summary>
    private static (PlacementWorkload Workload, int Cap) Kind(int i, int sites, List<PlacementWorkload> earlier)
    {
        var name = $"w-{i:000}";
        var w = new PlacementWorkload { Name = name, Tenant = $"tenant-{i % 7}", Requests = new ResourceAmount(100, 128L << 20) };
        var zoneSpread = new TopologySpreadConstraint("zone", 1, UnsatisfiableAction.DoNotSchedule);
        switch (i % 10)
        {
            case 0:
                return (w, 0);
            case 1:
                return (w with { Scoring = ScoringStrategy.Binpack, Requests = new ResourceAmount(250, 256L << 20) }, 0);
            case 2:
                return (w with { Requests = new ResourceAmount(200, 256L << 20), TopologySpread = [zoneSpread] }, 0);
            case 3:
                return (w with
                {
                    Requests = new ResourceAmount(100, 64L << 20),
                    TopologySpread = [zoneSpread with { WhenUnsatisfiable = UnsatisfiableAction.ScheduleAnyway }],
                    Affinity = new NodeAffinity { Preferred = [new PreferredSchedulingTerm(40, new NodeSelectorTerm(new NodeSelectorRequirement("cores", SelectorOperator.Gt, "4")))] },
                }, 0);
            case 4:
                return (w with
                {
                    Requests = new ResourceAmount(300, 512L << 20),
                    NodeSelector = new Dictionary<string, string> { ["arch"] = "x64" },
                    AntiAffinity = [new WorkloadAntiAffinityTerm([name], PlacementNode.HostnameLabel)],
                }, 0);
            case 5:
                return (w with
                {
                    NodeSelector = new Dictionary<string, string> { ["arch"] = "arm64" },
                    Tolerations = [new Toleration { Key = "edge.io/maintenance", Operator = TolerationOperator.Exists }],
                }, 0);
            case 6:
                var zones = Enumerable.Range(i % 17, 3).Select(z => $"zone-{z % Zones:00}").ToArray();
                return (w with
                {
                    Scoring = ScoringStrategy.Binpack,
                    Requests = new ResourceAmount(150, 128L << 20),
                    Affinity = new NodeAffinity { Required = [new NodeSelectorTerm(new NodeSelectorRequirement("zone", SelectorOperator.In, zones))] },
                    TopologySpread = [zoneSpread with { MaxSkew = 2 }],
                }, 0);
            case 7:
                return (w with
                {
                    Requests = new ResourceAmount(200, 256L << 20),
                    AntiAffinity = [new WorkloadAntiAffinityTerm([name], "site")],
                }, sites / 2);
            case 8:
                return (w with
                {
                    Requests = new ResourceAmount(100, 64L << 20),
                    Affinity = new NodeAffinity { Required = [new NodeSelectorTerm(new NodeSelectorRequirement("cores", SelectorOperator.Gt, "4"))] },
                    TopologySpread = [new TopologySpreadConstraint("site", 3, UnsatisfiableAction.DoNotSchedule)],
                }, 0);
            default:
                return (w with
                {
                    Scoring = ScoringStrategy.Binpack,
                    Requests = new ResourceAmount(200, 256L << 20),
                    AntiAffinity = [new WorkloadAntiAffinityTerm([earlier[i - 2].Name], PlacementNode.HostnameLabel)],
                }, 0);
        }
    }
}
