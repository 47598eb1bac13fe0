using Edge.Scheduling;

namespace Edge.Scheduling.Tests;

/// <summary>Random fleets and workloads that use every constraint, for property tests.</summary>
internal static class RandomFleet
{
    private static readonly string[] Zones = ["z0", "z1", "z2", "z3"];

    public static List<PlacementNode> Nodes(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Node(random, $"n{i:000}"))];

    public static PlacementNode Node(Random random, string name)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (random.Next(8) != 0)
        {
            labels["zone"] = Zones[random.Next(Zones.Length)];
        }

        labels["site"] = $"s{random.Next(6)}";
        labels["arch"] = random.Next(3) == 0 ? "arm64" : "x64";
        labels["cores"] = (2 << random.Next(4)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var taints = new List<Taint>();
        if (random.Next(6) == 0)
        {
            taints.Add(new Taint("edge.io/maintenance", "true", TaintEffect.NoSchedule));
        }

        if (random.Next(5) == 0)
        {
            taints.Add(new Taint("edge.io/busy", "", TaintEffect.PreferNoSchedule));
        }

        if (random.Next(5) == 0)
        {
            taints.Add(new Taint("edge.io/hot", "", TaintEffect.PreferNoSchedule));
        }

        if (random.Next(12) == 0)
        {
            taints.Add(new Taint("edge.io/evict", "", TaintEffect.NoExecute));
        }

        var devices = new Dictionary<string, long>(StringComparer.Ordinal);
        if (random.Next(4) == 0)
        {
            devices["edge.io/gpu"] = random.Next(0, 3);
        }

        if (random.Next(6) == 0)
        {
            devices["example.com/camera"] = random.Next(1, 4);
        }

        return new PlacementNode
        {
            Name = name,
            ExtendedResources = devices,
            Labels = labels,
            Taints = taints,
            Allocatable = new ResourceAmount(250 * random.Next(1, 9), (256L << 20) * random.Next(1, 9)),
            MaxWorkloads = random.Next(4) == 0 ? random.Next(1, 6) : 0,
            Cordoned = random.Next(15) == 0,
            Condition = random.Next(15) == 0 ? NodeCondition.Disconnected : NodeCondition.Ready,
        };
    }

    /// <param name="others">Workloads an anti-affinity term may name: earlier or later ones (the latter exercise symmetry).</param>
    public static PlacementWorkload Workload(Random random, string name, IReadOnlyList<string> others)
    {
        var w = new PlacementWorkload
        {
            Name = name,
            Requests = new ResourceAmount(50 * random.Next(0, 8), (64L << 20) * random.Next(0, 8)),
            Scoring = random.Next(2) == 0 ? ScoringStrategy.Binpack : ScoringStrategy.Spread,
        };
        var devices = new Dictionary<string, long>(StringComparer.Ordinal);
        if (random.Next(5) == 0)
        {
            devices["edge.io/gpu"] = 1;
        }

        if (random.Next(8) == 0)
        {
            devices["example.com/camera"] = random.Next(1, 3);
        }

        w = w with { ExtendedRequests = devices };
        if (random.Next(4) == 0)
        {
            w = w with { NodeSelector = new Dictionary<string, string> { ["arch"] = random.Next(2) == 0 ? "x64" : "arm64" } };
        }

        var required = new List<NodeSelectorTerm>();
        if (random.Next(4) == 0)
        {
            required.Add(new NodeSelectorTerm(random.Next(4) switch
            {
                0 => new NodeSelectorRequirement("zone", SelectorOperator.In, Zones[random.Next(4)], Zones[random.Next(4)]),
                1 => new NodeSelectorRequirement("zone", SelectorOperator.NotIn, Zones[random.Next(4)]),
                2 => new NodeSelectorRequirement("cores", SelectorOperator.Gt, "3"),
                _ => new NodeSelectorRequirement("zone", SelectorOperator.Exists),
            }));
        }

        var preferred = new List<PreferredSchedulingTerm>();
        if (random.Next(3) == 0)
        {
            preferred.Add(new PreferredSchedulingTerm(random.Next(1, 100), new NodeSelectorTerm(new NodeSelectorRequirement("site", SelectorOperator.In, $"s{random.Next(6)}"))));
            preferred.Add(new PreferredSchedulingTerm(random.Next(1, 100), new NodeSelectorTerm(new NodeSelectorRequirement("cores", SelectorOperator.Lt, "5"))));
        }

        w = w with { Affinity = new NodeAffinity { Required = required, Preferred = preferred } };
        if (random.Next(3) == 0)
        {
            w = w with { Tolerations = [new Toleration { Key = random.Next(2) == 0 ? "edge.io/maintenance" : "edge.io/busy", Operator = TolerationOperator.Exists }] };
        }

        var anti = new List<WorkloadAntiAffinityTerm>();
        switch (random.Next(6))
        {
            case 0:
                anti.Add(new WorkloadAntiAffinityTerm([name], PlacementNode.HostnameLabel));
                break;
            case 1:
                anti.Add(new WorkloadAntiAffinityTerm([name], "site"));
                break;
            case 2 when others.Count > 0:
                anti.Add(new WorkloadAntiAffinityTerm([others[random.Next(others.Count)]], "zone"));
                break;
            case 3 when others.Count > 0:
                anti.Add(new WorkloadAntiAffinityTerm([others[random.Next(others.Count)]], random.Next(2) == 0 ? "site" : PlacementNode.HostnameLabel));
                break;
        }

        var spread = new List<TopologySpreadConstraint>();
        for (var i = random.Next(3); i > 0; i--)
        {
            spread.Add(new TopologySpreadConstraint(
                random.Next(2) == 0 ? "zone" : "site",
                random.Next(1, 3),
                random.Next(2) == 0 ? UnsatisfiableAction.DoNotSchedule : UnsatisfiableAction.ScheduleAnyway)
            {
                MinDomains = random.Next(4) == 0 ? random.Next(2, 8) : 1,
                NodeAffinityPolicy = random.Next(4) == 0 ? NodeInclusionPolicy.Ignore : NodeInclusionPolicy.Honor,
                NodeTaintsPolicy = random.Next(4) == 0 ? NodeInclusionPolicy.Honor : NodeInclusionPolicy.Ignore,
            });
        }

        var other = others.Count > 0 ? others[random.Next(others.Count)] : name;
        var key = random.Next(3) switch { 0 => "zone", 1 => "site", _ => PlacementNode.HostnameLabel };
        List<WorkloadAffinityTerm> affinity = random.Next(10) switch
        {
            0 => [new([name], key)],
            1 => [new([other], key)],
            2 => [new([name, other], key)],
            3 => [new([name, other], "zone"), new([name], "site")],
            _ => [],
        };
        List<WeightedWorkloadAffinityTerm> preferredAffinity = random.Next(5) switch
        {
            0 => [new(random.Next(1, 101), new([other], key))],
            1 => [new(random.Next(1, 101), new([name], "zone")), new(random.Next(1, 101), new([other], "site"))],
            _ => [],
        };

        return w with { AntiAffinity = anti, TopologySpread = spread, WorkloadAffinity = affinity, PreferredWorkloadAffinity = preferredAffinity };
    }
}
