using System.Globalization;
using Edge.Ctl.Manifests;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;
using Edge.Scheduling.Simulation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Simulation;

/// <summary>
/// Reads and strictly validates an <c>edgectl simulate</c> scenario (docs/simulate.md). Every
/// problem is reported with its line, column and field path; a scenario with any problem is not run.
/// </summary>
internal sealed class ScenarioParser
{
    public const string ApiVersion = "edge/v1";
    public const string Kind = "Scenario";

    private static readonly string[] NodeFields = ["name", "cpu", "memory", "labels", "taints", "nodeGroup", "ready", "cordoned", "maxWorkloads", "extendedResources"];

    private readonly string _file;
    private readonly List<ManifestError> _errors = [];
    private readonly Dictionary<string, double> _groupFailureRates = new(StringComparer.Ordinal);

    private ScenarioParser(string file) => _file = file;

    public static ManifestResult<FleetScenario> Parse(string yaml, string file)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(file);
        return new ScenarioParser(file).ParseText(yaml);
    }

    private ManifestResult<FleetScenario> ParseText(string yaml)
    {
        YamlStream stream;
        try
        {
            stream = BoundedYaml.Load(yaml);
        }
        catch (YamlException ex)
        {
            return ManifestResult<FleetScenario>.Failure(new ManifestError(_file, ex.Start.Equals(Mark.Empty) ? null : SourceLocation.From(ex.Start), "", BoundedYaml.Describe(ex)));
        }

        if (stream.Documents.Count != 1)
        {
            return ManifestResult<FleetScenario>.Failure(new ManifestError(_file, null, "", $"a scenario file holds exactly one YAML document, found {stream.Documents.Count}"));
        }

        var scenario = ParseRoot(stream.Documents[0].RootNode);
        return _errors.Count > 0 || scenario is null
            ? ManifestResult<FleetScenario>.Failure(_errors)
            : ManifestResult<FleetScenario>.Success([scenario]);
    }

    private FleetScenario? ParseRoot(YamlNode root)
    {
        var doc = YamlFields.Open(_file, _errors, root, "", "apiVersion", "kind", "metadata", "spec");
        if (doc is null)
        {
            return null;
        }

        Expect(doc, "apiVersion", ApiVersion);
        Expect(doc, "kind", Kind);
        doc.Map("metadata", false, "name");
        var spec = doc.Map("spec", true, "duration", "step", "seed", "start", "replicaStartup", "nodes", "nodeGroups", "provider", "nodeAutoscaler", "quotas", "workloads", "timeline");
        if (spec is null)
        {
            return null;
        }

        var duration = spec.Duration("duration", required: true);
        var step = spec.Duration("step") ?? TimeSpan.FromSeconds(15);
        if (step <= TimeSpan.Zero)
        {
            spec.Error(spec.Raw("step")!, spec.Field("step"), "must be longer than 0");
        }
        else if (duration is { } d && d / step > 100_000)
        {
            spec.Error(spec.Raw("duration")!, spec.Field("duration"), "is more than 100,000 steps; use a longer step");
        }

        var start = spec.Parse("start", "must be an ISO 8601 time such as 2026-01-01T00:00:00Z", t =>
            DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s : (DateTimeOffset?)null);
        var groups = spec.List("nodeGroups").Select(i => ParseGroup(i.Node, i.Path)).OfType<NodeGroup>().ToList();
        Unique(spec, "nodeGroups", groups.Select(g => g.Name));
        var groupNames = groups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        var nodes = spec.List("nodes").Select(i => ParseNode(i.Node, i.Path, groupNames)).OfType<PlacementNode>().ToList();
        Unique(spec, "nodes", nodes.Select(n => n.Name));
        var workloads = spec.List("workloads").Select(i => ParseWorkload(i.Node, i.Path)).OfType<SimulatedWorkload>().ToList();
        Unique(spec, "workloads", workloads.Select(w => w.Spec.Name));
        if (workloads.Count == 0 && !spec.Has("workloads"))
        {
            spec.Error(spec.Node, spec.Field("workloads"), "required field is missing: a scenario needs at least one workload");
        }

        var names = workloads.Select(w => w.Spec.Name).ToHashSet(StringComparer.Ordinal);
        var timeline = spec.List("timeline").SelectMany(i => ParsePoint(i.Node, i.Path, names)).ToList();
        var provider = spec.Map("provider", false, "delay", "failureRate");
        var scenario = new FleetScenario
        {
            Duration = duration ?? TimeSpan.Zero,
            Step = step,
            Seed = spec.Int("seed", 0, int.MaxValue - 1) ?? 1,
            Start = start ?? new FleetScenario { Duration = TimeSpan.Zero }.Start,
            ReplicaStartup = spec.Duration("replicaStartup") ?? TimeSpan.Zero,
            Nodes = nodes,
            NodeGroups = groups,
            ProviderDelay = provider?.Duration("delay") ?? TimeSpan.FromSeconds(60),
            ProviderFailureRate = provider?.Double("failureRate", 0, 1) ?? 0,
            GroupFailureRates = _groupFailureRates,
            NodeAutoscaler = ParseNodeAutoscaler(spec),
            Quotas = [.. spec.List("quotas").Select(i => ParseQuota(i.Node, i.Path)).OfType<TenantQuota>()],
            Workloads = workloads,
            Timeline = timeline,
        };
        return scenario;
    }

    private static void Expect(YamlFields fields, string name, string expected)
    {
        if (fields.String(name, required: true) is { } value && value != expected)
        {
            fields.Error(fields.Raw(name)!, name, $"must be \"{expected}\", got \"{value}\"");
        }
    }

    private static void Unique(YamlFields spec, string list, IEnumerable<string> names)
    {
        foreach (var dup in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            spec.Error(spec.Raw(list)!, spec.Field(list), $"\"{dup.Key}\" is defined {dup.Count()} times");
        }
    }

    private PlacementNode? ParseNode(YamlNode node, string path, HashSet<string> groups)
    {
        if (YamlFields.Open(_file, _errors, node, path, NodeFields) is not { } f)
        {
            return null;
        }

        var name = f.String("name", required: true);
        var cpu = f.Cpu("cpu", required: true);
        var memory = f.Bytes("memory", required: true);
        var labels = f.StringMap("labels");
        if (f.String("nodeGroup") is { } group)
        {
            if (!groups.Contains(group))
            {
                f.Error(f.Raw("nodeGroup")!, f.Field("nodeGroup"), $"no node group named \"{group}\" in spec.nodeGroups");
            }

            labels[NodeGroup.Label] = group;
        }

        var taints = NodeGroupYaml.ParseTaints(f);
        var maxWorkloads = f.Int("maxWorkloads", 0, 10_000) ?? 0;
        var devices = f.ExtendedResources("extendedResources");
        return name is null || cpu is null || memory is null
            ? null
            : new PlacementNode
            {
                Name = name,
                Labels = labels,
                Taints = taints,
                Allocatable = new ResourceAmount(cpu.Value, memory.Value),
                MaxWorkloads = maxWorkloads,
                ExtendedResources = devices,
                Condition = f.Bool("ready") == false ? NodeCondition.Disconnected : NodeCondition.Ready,
                Cordoned = f.Bool("cordoned") ?? false,
            };
    }

    private NodeGroup? ParseGroup(YamlNode node, string path)
    {
        if (YamlFields.Open(_file, _errors, node, path, ["name", "failureRate", .. NodeGroupYaml.GroupFields]) is not { } f)
        {
            return null;
        }

        var name = f.String("name", required: true);
        var group = NodeGroupYaml.Parse(f, name);
        var failureRate = f.Double("failureRate", 0, 1);
        if (group is not null && failureRate is { } rate)
        {
            _groupFailureRates[group.Name] = rate;
        }

        return group;
    }

    private static NodeAutoscalerOptions ParseNodeAutoscaler(YamlFields spec)
    {
        var defaults = new NodeAutoscalerOptions();
        var f = spec.Map(
            "nodeAutoscaler",
            false,
            "expanders",
            "scaleDownUtilizationThreshold",
            "scaleDownUnneededTime",
            "scaleDownDelayAfterAdd",
            "maxEmptyBulkDelete",
            "maxNodeProvisionTime",
            "maxTotalUnreadyPercentage",
            "okTotalUnreadyCount",
            "initialBackoff",
            "maxBackoff");
        if (f is null)
        {
            return defaults;
        }

        var expanders = new List<Expander>();
        foreach (var (node, path) in f.List("expanders"))
        {
            var text = (node as YamlScalarNode)?.Value ?? "";
            Expander? expander = text switch
            {
                "least-waste" => Expander.LeastWaste,
                "most-pods" => Expander.MostPods,
                "priority" => Expander.Priority,
                "price" => Expander.Price,
                "random" => Expander.Random,
                "least-nodes" => Expander.LeastNodes,
                _ => null,
            };
            if (expander is null)
            {
                f.Error(node, path, $"unknown expander \"{text}\"; use least-waste, least-nodes, most-pods, priority, price or random");
            }
            else
            {
                expanders.Add(expander.Value);
            }
        }

        return new NodeAutoscalerOptions
        {
            Expanders = expanders.Count > 0 ? expanders : defaults.Expanders,
            ScaleDownUtilizationThreshold = f.Double("scaleDownUtilizationThreshold", 0, 1) ?? defaults.ScaleDownUtilizationThreshold,
            ScaleDownUnneededTime = f.Duration("scaleDownUnneededTime") ?? defaults.ScaleDownUnneededTime,
            ScaleDownDelayAfterAdd = f.Duration("scaleDownDelayAfterAdd") ?? defaults.ScaleDownDelayAfterAdd,
            MaxEmptyBulkDelete = f.Int("maxEmptyBulkDelete", 1, 10_000) ?? defaults.MaxEmptyBulkDelete,
            MaxNodeProvisionTime = f.Duration("maxNodeProvisionTime") ?? defaults.MaxNodeProvisionTime,
            MaxTotalUnreadyPercentage = f.Double("maxTotalUnreadyPercentage", 0, 100) ?? defaults.MaxTotalUnreadyPercentage,
            OkTotalUnreadyCount = f.Int("okTotalUnreadyCount", 0, 100_000) ?? defaults.OkTotalUnreadyCount,
            InitialBackoff = f.Duration("initialBackoff") ?? defaults.InitialBackoff,
            MaxBackoff = f.Duration("maxBackoff") ?? defaults.MaxBackoff,
        };
    }

    private TenantQuota? ParseQuota(YamlNode node, string path)
    {
        if (YamlFields.Open(_file, _errors, node, path, "tenant", "cpu", "memory", "replicas", "extendedResources") is not { } f || f.String("tenant", required: true) is not { } tenant)
        {
            return null;
        }

        return new TenantQuota
        {
            Tenant = tenant, CpuMillis = f.Cpu("cpu"), MemoryBytes = f.Bytes("memory"), Replicas = f.Int("replicas", 0, 1_000_000),
            Extended = f.ExtendedResources("extendedResources"),
        };
    }

    private SimulatedWorkload? ParseWorkload(YamlNode node, string path)
    {
        var f = YamlFields.Open(_file, _errors, node, path, "name", "tenant", "replicas", "cpu", "memory", "extendedResources", "nodeSelector", "tolerations", "priority", "autoscaler",
            "workloadAntiAffinity", "workloadAffinity", "topologySpreadConstraints");
        if (f is null)
        {
            return null;
        }

        var affinity = f.Map("workloadAffinity", false, "required", "preferred");

        var name = f.String("name", required: true);
        var spec = new PlacementWorkload
        {
            Name = name ?? "",
            Tenant = f.String("tenant") ?? "default",
            Replicas = f.Int("replicas", 0, 100_000) ?? 1,
            Requests = new ResourceAmount(f.Cpu("cpu", required: true) ?? 0, f.Bytes("memory", required: true) ?? 0),
            ExtendedRequests = f.ExtendedResources("extendedResources").Where(kv => kv.Value > 0).ToDictionary(StringComparer.Ordinal),
            NodeSelector = f.StringMap("nodeSelector"),
            Tolerations = [.. f.List("tolerations").Select(t => new Toleration { Key = (t.Node as YamlScalarNode)?.Value ?? "", Operator = TolerationOperator.Exists })],
            Priority = f.Int("priority", -1_000_000, 1_000_000) ?? 0,
            AntiAffinity = [.. f.List("workloadAntiAffinity").Select(i => ParseAntiAffinity(i.Node, i.Path)).OfType<WorkloadAntiAffinityTerm>()],
            WorkloadAffinity = affinity is null ? [] : [.. affinity.List("required").Select(i => ParseAffinity(i.Node, i.Path, preferred: false)?.Term).OfType<WorkloadAffinityTerm>()],
            PreferredWorkloadAffinity = affinity is null ? [] : [.. affinity.List("preferred").Select(i => ParseAffinity(i.Node, i.Path, preferred: true)).OfType<WeightedWorkloadAffinityTerm>()],
            TopologySpread = [.. f.List("topologySpreadConstraints").Select(i => ParseSpread(i.Node, i.Path)).OfType<TopologySpreadConstraint>()],
        };
        var autoscaler = name is null ? null : AutoscalerParser.Parse(f, name);
        return name is null ? null : new SimulatedWorkload(spec, autoscaler);
    }

    /// <summary>As a Workload manifest's affinity.workloadAntiAffinity term: the workloads named and a topology key.</summary>
    private WorkloadAntiAffinityTerm? ParseAntiAffinity(YamlNode node, string path)
    {
        if (YamlFields.Open(_file, _errors, node, path, "workloads", "topologyKey") is not { } f
            || f.String("topologyKey", required: true) is not { } key)
        {
            return null;
        }

        var workloads = f.List("workloads", required: true).Select(i => (i.Node as YamlScalarNode)?.Value ?? "").ToList();
        return workloads.Count == 0 ? null : new WorkloadAntiAffinityTerm(workloads, key);
    }

    /// <summary>As a Workload manifest's affinity.workloadAffinity term: workloads, a topology key, and a weight (1 to 100) when preferred.</summary>
    private WeightedWorkloadAffinityTerm? ParseAffinity(YamlNode node, string path, bool preferred)
    {
        var f = preferred
            ? YamlFields.Open(_file, _errors, node, path, "weight", "workloads", "topologyKey")
            : YamlFields.Open(_file, _errors, node, path, "workloads", "topologyKey");
        if (f?.String("topologyKey", required: true) is not { } key)
        {
            return null;
        }

        if (Names.LabelKeyProblem(key) is { } problem)
        {
            f.Error(f.Raw("topologyKey")!, f.Field("topologyKey"), problem);
        }

        var weight = preferred ? f.Int("weight", 1, 100, required: true) : 0;
        var workloads = f.List("workloads", required: true).Select(i => (i.Node as YamlScalarNode)?.Value ?? "").ToList();
        if (workloads.Count == 0 && f.Has("workloads"))
        {
            f.Error(f.Raw("workloads")!, f.Field("workloads"), "name at least one workload (of the same tenant)");
        }

        return workloads.Count == 0 || weight is null ? null : new WeightedWorkloadAffinityTerm(weight.Value, new WorkloadAffinityTerm(workloads, key));
    }

    /// <summary>As a Workload manifest's topologySpreadConstraints entry, the node inclusion fields included.</summary>
    private TopologySpreadConstraint? ParseSpread(YamlNode node, string path)
    {
        if (YamlFields.Open(_file, _errors, node, path, "topologyKey", "maxSkew", "whenUnsatisfiable", "minDomains", "nodeAffinityPolicy", "nodeTaintsPolicy") is not { } f
            || f.String("topologyKey", required: true) is not { } key)
        {
            return null;
        }

        var soft = Choice(f, "whenUnsatisfiable", ["DoNotSchedule", "ScheduleAnyway"]) == "ScheduleAnyway";
        var minDomains = f.Int("minDomains", 1, 100_000);
        if (soft && minDomains > 1)
        {
            f.Error(f.Raw("minDomains")!, f.Field("minDomains"), "applies only with whenUnsatisfiable: DoNotSchedule");
        }

        return new TopologySpreadConstraint(key, f.Int("maxSkew", 1, 100_000) ?? 1, soft ? UnsatisfiableAction.ScheduleAnyway : UnsatisfiableAction.DoNotSchedule)
        {
            MinDomains = minDomains ?? 1,
            NodeAffinityPolicy = Choice(f, "nodeAffinityPolicy", ["Honor", "Ignore"]) == "Ignore" ? NodeInclusionPolicy.Ignore : NodeInclusionPolicy.Honor,
            NodeTaintsPolicy = Choice(f, "nodeTaintsPolicy", ["Honor", "Ignore"]) == "Honor" ? NodeInclusionPolicy.Honor : NodeInclusionPolicy.Ignore,
        };
    }

    private static string? Choice(YamlFields f, string name, string[] allowed)
    {
        if (f.String(name) is not { } text)
        {
            return null;
        }

        if (!allowed.Contains(text, StringComparer.Ordinal))
        {
            f.Error(f.Raw(name)!, f.Field(name), $"\"{text}\" is not one of {string.Join(", ", allowed)}");
            return null;
        }

        return text;
    }

    private List<MetricPoint> ParsePoint(YamlNode node, string path, HashSet<string> workloads)
    {
        if (YamlFields.Open(_file, _errors, node, path, "at", "workload", "metrics") is not { } f)
        {
            return [];
        }

        var at = f.Duration("at", required: true);
        var workload = f.String("workload", required: true);
        if (workload is not null && !workloads.Contains(workload))
        {
            f.Error(f.Raw("workload")!, f.Field("workload"), $"no workload named \"{workload}\" in spec.workloads");
        }

        var points = new List<MetricPoint>();
        var metrics = f.StringMap("metrics");
        foreach (var (metric, text) in metrics)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
            {
                f.Error(f.Raw("metrics")!, f.Field("metrics") + "." + metric, $"must be a number 0 or more, got \"{text}\"");
                continue;
            }

            points.Add(new MetricPoint(at ?? TimeSpan.Zero, workload ?? "", metric, value));
        }

        if (metrics.Count == 0 && f.Raw("metrics", required: true) is not null)
        {
            f.Error(f.Raw("metrics")!, f.Field("metrics"), "needs at least one metric: value");
        }

        return points;
    }
}
