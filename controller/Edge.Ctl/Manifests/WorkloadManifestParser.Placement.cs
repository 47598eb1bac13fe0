using System.Globalization;
using Edge.Scheduling;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Manifests;

/// <summary>
/// The placement fields of spec: replicas or mode, tenant, resources, affinity, tolerations,
/// topology spread, priority, lostAfter, strategy, maxUnavailable (see docs/workloads-placement.md).
/// </summary>
internal sealed partial class WorkloadManifestParser
{
    private static readonly string[] ResourceFields = ["cpu", "memory"];
    private static readonly string[] AffinityFields = ["nodeAffinity", "workloadAntiAffinity", "workloadAffinity"];
    private static readonly string[] WorkloadAffinityFields = ["required", "preferred"];
    private static readonly string[] AffinityTermFields = ["workloads", "topologyKey"];
    private static readonly string[] PreferredAffinityTermFields = ["weight", "workloads", "topologyKey"];
    private static readonly string[] NodeAffinityFields = ["required", "preferred"];
    private static readonly string[] TermFields = ["matchExpressions"];
    private static readonly string[] ExpressionFields = ["key", "operator", "values"];
    private static readonly string[] PreferredFields = ["weight", "preference"];
    private static readonly string[] AntiAffinityFields = ["workloads", "topologyKey"];
    private static readonly string[] TolerationFields = ["key", "operator", "value", "effect"];
    private static readonly string[] SpreadFields = ["topologyKey", "maxSkew", "whenUnsatisfiable", "minDomains", "nodeAffinityPolicy", "nodeTaintsPolicy", "matchLabelKeys"];
    private static readonly string[] Policies = ["Honor", "Ignore"];
    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    private PlacementWorkload ParsePlacement(string name, Dictionary<string, YamlNode> spec, IReadOnlyDictionary<string, string> nodeSelector)
    {
        var replicas = Integer(spec, "replicas", "spec");
        var mode = Choice(spec, "mode", "spec", ["global", "replicated"]);
        if (mode == "global" && replicas is not null)
        {
            Error(spec["replicas"], "spec.replicas", "does not apply to mode: global (one replica on every matching node); remove one of the two");
        }

        var resolved = mode switch
        {
            "global" => PlacementMode.Global,
            "replicated" => PlacementMode.Replicated,
            _ => replicas is null ? PlacementMode.Global : PlacementMode.Replicated,
        };
        var tenant = ""; // unset: edgectl's --tenant or context, else the caller's own (tenant-admin) or "default"
        if (spec.TryGetValue("tenant", out var tenantNode) && String(tenantNode, "spec.tenant") is { } t)
        {
            if (DnsLabel().IsMatch(t))
            {
                tenant = t;
            }
            else
            {
                Error(tenantNode, "spec.tenant", $"\"{t}\" is not a valid tenant name: use 1 to 63 lowercase letters, digits or '-' (RFC 1123 label)");
            }
        }

        var requests = default(ResourceAmount);
        var extended = new Dictionary<string, long>(StringComparer.Ordinal);
        if (spec.TryGetValue("resources", out var resourcesNode) && !IsNull(resourcesNode)
            && Fields(Extended(resourcesNode, "spec.resources", "", extended), "spec.resources", ResourceFields) is { } resources)
        {
            var cpu = Scalar<long>(resources, "cpu", "spec.resources", Quantity.TryParseCpu, text => $"\"{text}\" is not a CPU amount: write millicores (250m) or cores (0.5, 2)");
            requests = new ResourceAmount(cpu ?? 0, Bytes(resources, "memory", "spec.resources") ?? 0);
        }

        var affinity = new NodeAffinity();
        IReadOnlyList<WorkloadAntiAffinityTerm> anti = [];
        List<WorkloadAffinityTerm> affine = [];
        List<WeightedWorkloadAffinityTerm> preferAffine = [];
        if (spec.TryGetValue("affinity", out var affinityNode) && !IsNull(affinityNode) && Fields(affinityNode, "spec.affinity", AffinityFields) is { } a)
        {
            if (a.TryGetValue("nodeAffinity", out var nodeAffinityNode) && !IsNull(nodeAffinityNode)
                && Fields(nodeAffinityNode, "spec.affinity.nodeAffinity", NodeAffinityFields) is { } na)
            {
                if (na.TryGetValue("required", out var requiredNode) && requiredNode is YamlSequenceNode { Children.Count: 0 })
                {
                    Error(requiredNode, "spec.affinity.nodeAffinity.required", "an empty list of terms matches no node: give at least one term, or remove required");
                }

                affinity = new NodeAffinity
                {
                    Required = ListOf(na, "required", "spec.affinity.nodeAffinity", Term),
                    Preferred = ListOf(na, "preferred", "spec.affinity.nodeAffinity", Preferred),
                };
            }

            anti = ListOf(a, "workloadAntiAffinity", "spec.affinity", AntiAffinity);
            if (a.TryGetValue("workloadAffinity", out var affineNode) && !IsNull(affineNode)
                && Fields(affineNode, "spec.affinity.workloadAffinity", WorkloadAffinityFields) is { } wa)
            {
                affine = ListOf(wa, "required", "spec.affinity.workloadAffinity", AffinityTerm);
                preferAffine = ListOf(wa, "preferred", "spec.affinity.workloadAffinity", PreferredAffinityTerm);
                if (resolved == PlacementMode.Global && (affine.Count > 0 || preferAffine.Count > 0))
                {
                    Error(affineNode, "spec.affinity.workloadAffinity", "does not apply to mode: global (one replica on every matching node); use replicas, or remove it");
                }
            }
        }

        var priority = Scalar(spec, "priority", "spec",
            (string text, out int value) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value),
            text => $"\"{text}\" must be a whole number (higher places first)");
        var maxUnavailable = Integer(spec, "maxUnavailable", "spec");

        return new PlacementWorkload
        {
            Name = name,
            Tenant = tenant,
            Mode = resolved,
            Replicas = resolved == PlacementMode.Replicated ? (int)(replicas ?? 1) : 0,
            Requests = requests,
            ExtendedRequests = extended,
            NodeSelector = nodeSelector,
            Affinity = affinity,
            AntiAffinity = anti,
            WorkloadAffinity = affine,
            PreferredWorkloadAffinity = preferAffine,
            Tolerations = ListOf(spec, "tolerations", "spec", Toleration),
            TopologySpread = ListOf(spec, "topologySpreadConstraints", "spec", Spread),
            Priority = priority ?? 0,
            LostAfter = Duration(spec, "lostAfter", "spec") ?? new PlacementWorkload { Name = name }.LostAfter,
            MaxUnavailable = (int)(maxUnavailable ?? 1),
            Scoring = Choice(spec, "strategy", "spec", ["spread", "binpack"]) == "binpack" ? ScoringStrategy.Binpack : ScoringStrategy.Spread,
        };
    }

    /// <summary>
    /// Reads the extended resources of a mapping into <paramref name="extended"/>: in spec.resources
    /// the domain-prefixed names ("edge.io/gpu: 1"), in a quota "requests.NAME"; whole counts only
    /// (a request of 0 is left out, a quota of 0 allows none). Returns the mapping without them, for the usual fields.
    /// </summary>
    private YamlNode Extended(YamlNode resources, string parent, string prefix, Dictionary<string, long> extended)
    {
        if (resources is not YamlMappingNode mapping)
        {
            return resources;
        }

        var rest = new YamlMappingNode();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } || !key.StartsWith(prefix, StringComparison.Ordinal)
                || (prefix.Length == 0 && !key.Contains('/', StringComparison.Ordinal)))
            {
                rest.Add(keyNode, valueNode);
                continue;
            }

            var name = key[prefix.Length..];
            var path = $"{parent}.{key}";
            if (Edge.Agent.Core.ExtendedResourceRules.NameProblem(name) is { } problem)
            {
                Error(keyNode, path, problem);
            }
            else if (valueNode is not YamlScalarNode { Value: { } text } || !Edge.Agent.Core.ExtendedResourceRules.TryParseCount(text, out var count))
            {
                Error(valueNode, path, $"must be a whole number of devices from 0 to {Edge.Agent.Core.ExtendedResourceRules.MaxCount.ToString("N0", CultureInfo.InvariantCulture)} (extended resources are counted, never fractions), got {(valueNode is YamlScalarNode { Value: { } v } ? $"\"{v}\"" : Describe(valueNode))}");
            }
            else if (count > 0 || prefix.Length > 0)
            {
                extended[name] = count;
            }
        }

        if (extended.Count > Edge.Agent.Core.ExtendedResourceRules.MaxNames)
        {
            Error(resources, parent, $"at most {Edge.Agent.Core.ExtendedResourceRules.MaxNames} extended resources, got {extended.Count}");
        }

        return rest;
    }

    private NodeSelectorTerm? Term(YamlNode node, string path)
    {
        if (Fields(node, path, TermFields) is not { } fields)
        {
            return null;
        }

        var expressions = ListOf(fields, "matchExpressions", path, Expression);
        if (expressions.Count == 0)
        {
            Error(node, $"{path}.matchExpressions", "required: at least one expression (key, operator, values)");
        }

        return new NodeSelectorTerm(expressions);
    }

    private NodeSelectorRequirement? Expression(YamlNode node, string path)
    {
        if (Fields(node, path, ExpressionFields) is not { } fields
            || Required(fields, node, path, "key") is not { } keyNode || String(keyNode, $"{path}.key") is not { } key)
        {
            return null;
        }

        var opText = Required(fields, node, path, "operator") is not null
            ? Choice(fields, "operator", path, [.. Enum.GetNames<SelectorOperator>()])
            : null;
        var values = StringList(fields, "values", $"{path}.values");
        if (opText is null)
        {
            return null;
        }

        var op = Enum.Parse<SelectorOperator>(opText);
        var problem = op switch
        {
            SelectorOperator.Exists or SelectorOperator.DoesNotExist => values.Count == 0 ? null : $"operator {op} takes no values",
            SelectorOperator.Gt or SelectorOperator.Lt => values.Count == 1 && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                ? null : $"operator {op} takes exactly one whole number",
            _ => values.Count > 0 ? null : $"operator {op} needs at least one value",
        } ?? Scheduling.Names.SelectorValuesProblem(op, values);
        if (Scheduling.Names.LabelKeyProblem(key) is { } keyProblem)
        {
            Error(fields["key"], $"{path}.key", keyProblem);
            return null;
        }

        if (problem is not null)
        {
            Error(fields.GetValueOrDefault("values") ?? node, $"{path}.values", problem);
            return null;
        }

        return new NodeSelectorRequirement(key, op, values);
    }

    private PreferredSchedulingTerm? Preferred(YamlNode node, string path)
    {
        if (Fields(node, path, PreferredFields) is not { } fields
            || Required(fields, node, path, "weight") is null
            || Required(fields, node, path, "preference") is not { } preferenceNode)
        {
            return null;
        }

        var weight = Integer(fields, "weight", path); // 1 to 100: a bound of the table

        return weight is { } w && Term(preferenceNode, $"{path}.preference") is { } term ? new PreferredSchedulingTerm((int)w, term) : null;
    }

    private WorkloadAntiAffinityTerm? AntiAffinity(YamlNode node, string path)
    {
        if (Fields(node, path, AntiAffinityFields) is not { } fields)
        {
            return null;
        }

        var keyNode = Required(fields, node, path, "topologyKey");
        if (Required(fields, node, path, "workloads") is null || keyNode is null || String(keyNode, $"{path}.topologyKey") is not { } key)
        {
            return null;
        }

        var workloads = StringList(fields, "workloads", $"{path}.workloads");
        foreach (var w in workloads.Where(w => !DnsLabel().IsMatch(w)))
        {
            Error(fields["workloads"], $"{path}.workloads", $"\"{w}\" is not a workload name");
        }

        return new WorkloadAntiAffinityTerm(workloads, key);
    }

    private WorkloadAffinityTerm? AffinityTerm(YamlNode node, string path) =>
        Fields(node, path, AffinityTermFields) is { } fields ? AffinityTerm(fields, node, path) : null;

    private WeightedWorkloadAffinityTerm? PreferredAffinityTerm(YamlNode node, string path)
    {
        if (Fields(node, path, PreferredAffinityTermFields) is not { } fields || Required(fields, node, path, "weight") is null)
        {
            return null;
        }

        var weight = Integer(fields, "weight", path); // 1 to 100: a bound of the table
        return AffinityTerm(fields, node, path) is { } term && weight is { } w ? new WeightedWorkloadAffinityTerm((int)w, term) : null;
    }

    /// <summary>The workloads (names in the same tenant, at least one) and a valid label key as topology key.</summary>
    private WorkloadAffinityTerm? AffinityTerm(Dictionary<string, YamlNode> fields, YamlNode node, string path)
    {
        var keyNode = Required(fields, node, path, "topologyKey");
        var workloadsNode = Required(fields, node, path, "workloads");
        if (keyNode is null || workloadsNode is null || String(keyNode, $"{path}.topologyKey") is not { } key)
        {
            return null;
        }

        if (Scheduling.Names.LabelKeyProblem(key) is { } keyProblem)
        {
            Error(keyNode, $"{path}.topologyKey", keyProblem);
            return null;
        }

        var errorsBefore = errors.Count;
        var workloads = StringList(fields, "workloads", $"{path}.workloads");
        foreach (var w in workloads.Where(w => !DnsLabel().IsMatch(w)))
        {
            Error(workloadsNode, $"{path}.workloads", $"\"{w}\" is not a workload name");
        }

        if (workloads.Count == 0 && errors.Count == errorsBefore)
        {
            Error(workloadsNode, $"{path}.workloads", "name at least one workload (of the same tenant)");
        }

        return errors.Count == errorsBefore ? new WorkloadAffinityTerm(workloads, key) : null;
    }

    private Toleration? Toleration(YamlNode node, string path)
    {
        if (Fields(node, path, TolerationFields) is not { } fields)
        {
            return null;
        }

        var key = fields.TryGetValue("key", out var keyNode) ? String(keyNode, $"{path}.key") ?? "" : "";
        var value = fields.TryGetValue("value", out var valueNode) ? String(valueNode, $"{path}.value") ?? "" : "";
        var op = Choice(fields, "operator", path, ["Equal", "Exists"]) == "Exists" ? TolerationOperator.Exists : TolerationOperator.Equal;
        var effect = Choice(fields, "effect", path, Effects) is { } e ? Enum.Parse<TaintEffect>(e) : (TaintEffect?)null;
        if (op == TolerationOperator.Equal && key.Length == 0)
        {
            Error(node, $"{path}.key", "required with operator Equal (an empty key with operator Exists tolerates every taint)");
            return null;
        }

        if (op == TolerationOperator.Exists && value.Length > 0)
        {
            Error(valueNode!, $"{path}.value", "operator Exists takes no value");
            return null;
        }

        return new Toleration { Key = key, Operator = op, Value = value, Effect = effect };
    }

    private TopologySpreadConstraint? Spread(YamlNode node, string path)
    {
        if (Fields(node, path, SpreadFields) is not { } fields
            || Required(fields, node, path, "topologyKey") is not { } keyNode
            || String(keyNode, $"{path}.topologyKey") is not { } key)
        {
            return null;
        }

        var errorsBefore = errors.Count;
        var maxSkew = Integer(fields, "maxSkew", path) ?? 1;
        if (errors.Count != errorsBefore)
        {
            return null;
        }

        var action = Choice(fields, "whenUnsatisfiable", path, ["DoNotSchedule", "ScheduleAnyway"]) == "ScheduleAnyway"
            ? UnsatisfiableAction.ScheduleAnyway
            : UnsatisfiableAction.DoNotSchedule;
        var minDomains = Integer(fields, "minDomains", path);
        if (minDomains is > 1 && action == UnsatisfiableAction.ScheduleAnyway)
        {
            Error(fields["minDomains"], $"{path}.minDomains", "applies only with whenUnsatisfiable: DoNotSchedule");
        }

        if (fields.TryGetValue("matchLabelKeys", out var matchLabelKeys))
        {
            Error(matchLabelKeys, $"{path}.matchLabelKeys", "not supported: a constraint always counts the workload's own replicas, which share one spec (no revisions to tell apart)");
        }

        var affinityPolicy = Choice(fields, "nodeAffinityPolicy", path, Policies);
        var taintsPolicy = Choice(fields, "nodeTaintsPolicy", path, Policies);
        return new TopologySpreadConstraint(key, (int)maxSkew, action)
        {
            MinDomains = (int)(minDomains ?? 1),
            NodeAffinityPolicy = affinityPolicy is null ? NodeInclusionPolicy.Honor : Enum.Parse<NodeInclusionPolicy>(affinityPolicy),
            NodeTaintsPolicy = taintsPolicy is null ? NodeInclusionPolicy.Ignore : Enum.Parse<NodeInclusionPolicy>(taintsPolicy),
        };
    }

    /// <summary>A string field that must be one of <paramref name="allowed"/>; null when absent or bad (reported).</summary>
    private string? Choice(Dictionary<string, YamlNode> fields, string field, string path, string[] allowed)
    {
        if (!fields.TryGetValue(field, out var node) || String(node, $"{path}.{field}") is not { } text)
        {
            return null;
        }

        if (allowed.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        Error(node, $"{path}.{field}", $"\"{text}\" is not one of {string.Join(", ", allowed)}");
        return null;
    }

    /// <summary>A list field whose items <paramref name="item"/> parses; bad items are reported and left out.</summary>
    private List<T> ListOf<T>(Dictionary<string, YamlNode> parent, string field, string path, Func<YamlNode, string, T?> item)
        where T : class
    {
        var list = new List<T>();
        if (!parent.TryGetValue(field, out var node) || IsNull(node))
        {
            return list;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{path}.{field}", $"must be a list, got {Describe(node)}");
            return list;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (item(sequence.Children[i], $"{path}.{field}[{i}]") is { } parsed)
            {
                list.Add(parsed);
            }
        }

        CheckEntries(node, $"{path}.{field}", sequence.Children.Count);
        return list;
    }
}
