using System.Text.RegularExpressions;
using Edge.Agent.Core;
using Edge.Scheduling;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Manifests;

/// <summary>
/// Parses and strictly validates workload manifests (one or more YAML documents) without touching the disk.
/// Every problem found is reported with its file, line, column and field, not just the first.
/// </summary>
internal sealed partial class WorkloadManifestParser
{
    public const string ApiVersion = "edge/v1";
    public const string Kind = "Workload";

    private static readonly string[] RootFields = ["apiVersion", "kind", "metadata", "spec"];
    private static readonly string[] MetadataFields = ["name"];
    private static readonly string[] SpecFields =
    [
        "module", "nodeSelector", "env", "args", "pool", "limits", "triggers", "restartPolicy", "backoffLimit", "http", "volumes",
        "replicas", "mode", "tenant", "resources", "affinity", "tolerations", "topologySpreadConstraints", "priority", "lostAfter", "strategy", "maxUnavailable",
    ];

    private readonly string file;
    private readonly List<ManifestError> errors = [];

    private WorkloadManifestParser(string file) => this.file = file;

    public static ManifestResult<WorkloadManifest> Parse(string yaml, string file) => ParseAll(yaml, file).Workloads;

    /// <summary>Workloads and tenants of a file; the tenants only when the whole file is valid.</summary>
    public static (ManifestResult<WorkloadManifest> Workloads, IReadOnlyList<TenantManifest> Tenants) ParseAll(string yaml, string file)
    {
        var (workloads, tenants, _, _) = ParseEveryKind(yaml, file);
        return (workloads, tenants);
    }

    /// <summary>Every kind of a file: workloads, tenants, autoscalers and node groups; all but the workloads only when the whole file is valid.</summary>
    public static (ManifestResult<WorkloadManifest> Workloads, IReadOnlyList<TenantManifest> Tenants, IReadOnlyList<AutoscalerManifest> Autoscalers, IReadOnlyList<NodeGroupManifest> NodeGroups) ParseEveryKind(string yaml, string file)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(file);
        var parser = new WorkloadManifestParser(file);
        var workloads = parser.ParseStream(yaml);
        return workloads.IsValid ? (workloads, parser.tenants, parser.autoscalers, parser.nodeGroups) : (workloads, [], [], []);
    }

    // RFC 1123 label, as Kubernetes requires of most names.
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentVariableName();

    private ManifestResult<WorkloadManifest> ParseStream(string yaml)
    {
        YamlStream stream;
        try
        {
            stream = BoundedYaml.Load(yaml);
        }
        catch (YamlException ex)
        {
            return ManifestResult<WorkloadManifest>.Failure(
                new ManifestError(file, ex.Start.Equals(Mark.Empty) ? null : SourceLocation.From(ex.Start), string.Empty, BoundedYaml.Describe(ex)));
        }

        var manifests = new List<WorkloadManifest>();
        var firstSeen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var document in stream.Documents.Where(d => !IsNull(d.RootNode)))
        {
            if (ParseDocument(document.RootNode) is not { } manifest)
            {
                continue;
            }

            if (firstSeen.TryGetValue(manifest.Name, out var first))
            {
                Error(document.RootNode, "metadata.name", $"workload \"{manifest.Name}\" is already defined in this file at line {first.Line}");
                continue;
            }

            firstSeen.Add(manifest.Name, SourceLocation.From(document.RootNode.Start));
            manifests.Add(manifest);
        }

        if (errors.Count == 0 && manifests.Count == 0 && tenants.Count == 0 && autoscalers.Count == 0 && nodeGroups.Count == 0)
        {
            errors.Add(new ManifestError(file, null, string.Empty, $"no {Kind}, {TenantKind}, {AutoscalerKind} or {NodeGroupKind} found: the file has no YAML documents"));
        }

        return errors.Count > 0
            ? ManifestResult<WorkloadManifest>.Failure(errors)
            : ManifestResult<WorkloadManifest>.Success(manifests);
    }

    private WorkloadManifest? ParseDocument(YamlNode root)
    {
        var errorsBefore = errors.Count;
        var fields = Fields(root, string.Empty, RootFields);
        if (fields is null)
        {
            return null;
        }

        CheckConstant(fields, root, "apiVersion", ApiVersion);
        if (fields.TryGetValue("kind", out var kindNode) && !IsNull(kindNode) && kindNode is YamlScalarNode { Value: TenantKind })
        {
            ParseTenant(fields, root);
            return null;
        }

        if (kindNode is YamlScalarNode { Value: AutoscalerKind })
        {
            ParseAutoscaler(fields, root);
            return null;
        }

        if (fields.TryGetValue("kind", out kindNode) && kindNode is YamlScalarNode { Value: NodeGroupKind })
        {
            ParseNodeGroup(fields, root);
            return null;
        }

        CheckConstant(fields, root, "kind", Kind);

        string? name = null;
        if (Required(fields, root, string.Empty, "metadata") is { } metadataNode
            && Fields(metadataNode, "metadata", MetadataFields) is { } metadata)
        {
            name = ParseName(metadata, metadataNode);
        }

        string? module = null;
        var moduleLocation = default(SourceLocation);
        IReadOnlyDictionary<string, string> nodeSelector = new Dictionary<string, string>();
        IReadOnlyDictionary<string, string> env = new Dictionary<string, string>();
        IReadOnlyList<string> args = [];
        var pool = PoolSpec.Default;
        var limits = LimitsSpec.Default;
        List<TriggerSpec> triggers = [];
        JobSpec? job = null;
        var httpOutput = "";
        List<VolumeSpec> volumes = [];
        PlacementWorkload? placement = null;
        if (Required(fields, root, string.Empty, "spec") is { } specNode
            && Fields(specNode, "spec", SpecFields) is { } spec)
        {
            if (Required(spec, specNode, "spec", "module") is { } moduleNode)
            {
                module = ParseModule(moduleNode);
                moduleLocation = SourceLocation.From(moduleNode.Start);
            }

            nodeSelector = StringMap(spec, "nodeSelector", "spec.nodeSelector", ValidateSelectorKey);
            env = StringMap(spec, "env", "spec.env", ValidateEnvironmentName);
            args = StringList(spec, "args", "spec.args");
            placement = ParsePlacement(name ?? "unnamed", spec, nodeSelector);
            var runtimeErrors = errors.Count;
            pool = ParsePool(spec);
            limits = ParseLimits(spec);
            triggers = ParseTriggers(spec);
            job = ParseJob(spec);
            httpOutput = ParseHttp(spec);
            volumes = ParseVolumes(spec);
            if (errors.Count == runtimeErrors)
            {
                CheckRuntimeRules(specNode, pool, limits, triggers, job, volumes);
            }
        }

        return errors.Count == errorsBefore && name is not null && module is not null
            ? new WorkloadManifest(name, module, moduleLocation, nodeSelector, env, args) { Pool = pool, Limits = limits, Triggers = triggers, Job = job, HttpOutput = httpOutput, Volumes = volumes, Placement = placement! }
            : null;
    }

    private void CheckConstant(Dictionary<string, YamlNode> fields, YamlNode parent, string field, string expected)
    {
        if (Required(fields, parent, string.Empty, field) is { } node
            && String(node, field) is { } value
            && !string.Equals(value, expected, StringComparison.Ordinal))
        {
            Error(node, field, field == "kind" ? $"must be \"{Kind}\", \"{TenantKind}\", \"{AutoscalerKind}\" or \"{NodeGroupKind}\", got \"{value}\"" : $"must be \"{expected}\", got \"{value}\"");
        }
    }

    private string? ParseName(Dictionary<string, YamlNode> metadata, YamlNode metadataNode)
    {
        if (Required(metadata, metadataNode, "metadata", "name") is not { } node
            || String(node, "metadata.name") is not { } name)
        {
            return null;
        }

        if (!DnsLabel().IsMatch(name))
        {
            Error(node, "metadata.name", $"\"{name}\" is not a valid name: use 1 to 63 lowercase letters, digits or '-', starting and ending with a letter or digit (RFC 1123 label)");
            return null;
        }

        return name;
    }

    private string? ParseModule(YamlNode node)
    {
        if (String(node, "spec.module") is not { } module)
        {
            return null;
        }

        if (module.Trim().Length == 0)
        {
            Error(node, "spec.module", "must not be empty: give the path of a .wasm or .wat file, relative to this manifest");
            return null;
        }

        var extension = Path.GetExtension(module);
        if (!extension.Equals(".wasm", StringComparison.OrdinalIgnoreCase)
            && !extension.Equals(".wat", StringComparison.OrdinalIgnoreCase))
        {
            Error(node, "spec.module", $"\"{module}\" must be a .wasm (binary) or .wat (text) file");
            return null;
        }

        return module;
    }

    private Dictionary<string, string> StringMap(
        Dictionary<string, YamlNode> parent,
        string field,
        string path,
        Func<string, string?> validateKey)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!parent.TryGetValue(field, out var node) || IsNull(node))
        {
            return map;
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, $"must be a map of strings, got {Describe(node)}");
            return map;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (Key(keyNode, path) is not { } key)
            {
                continue;
            }

            var keyPath = $"{path}.{key}";
            if (validateKey(key) is { } problem)
            {
                Error(keyNode, keyPath, problem);
            }
            else if (String(valueNode, keyPath) is { } value)
            {
                CheckText(keyNode, keyPath, $"{path} {(path == "spec.env" ? "name" : "key")}", key);
                CheckText(valueNode, keyPath, $"{path} value", value);
                map[key] = value;
            }
        }

        CheckEntries(node, path, mapping.Children.Count);
        return map;
    }

    private List<string> StringList(Dictionary<string, YamlNode> parent, string field, string path)
    {
        var list = new List<string>();
        if (!parent.TryGetValue(field, out var node) || IsNull(node))
        {
            return list;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, path, $"must be a list of strings, got {Describe(node)}");
            return list;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (String(sequence.Children[i], $"{path}[{i}]") is { } value)
            {
                CheckText(sequence.Children[i], $"{path}[{i}]", $"{path}[]", value);
                list.Add(value);
            }
        }

        CheckEntries(node, path, sequence.Children.Count);
        return list;
    }

    private static string? ValidateSelectorKey(string key) =>
        key.Trim().Length == 0 ? "label keys must not be empty" : null;

    private static string? ValidateEnvironmentName(string key) =>
        EnvironmentVariableName().IsMatch(key)
            ? null
            : $"\"{key}\" is not a valid environment variable name: use letters, digits and '_', not starting with a digit";

    /// <summary>The fields of a mapping, reporting unknown and malformed keys; null when the node is not a mapping.</summary>
    private Dictionary<string, YamlNode>? Fields(YamlNode node, string path, string[] known)
    {
        var what = path.Length == 0 ? "a document" : path;
        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, $"{what} must be a mapping of fields, got {Describe(node)}");
            return null;
        }

        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (Key(keyNode, path) is not { } key)
            {
                continue;
            }

            if (!known.Contains(key, StringComparer.Ordinal))
            {
                var suggestion = known.FirstOrDefault(k => IsNearMiss(key, k));
                var hint = suggestion is null ? string.Empty : $" (did you mean \"{suggestion}\"?)";
                Error(keyNode, Join(path, key), $"unknown field{hint}; {(path.Length == 0 ? "a document" : path)} allows: {string.Join(", ", known)}");
                continue;
            }

            fields.Add(key, valueNode);
        }

        return fields;
    }

    private YamlNode? Required(Dictionary<string, YamlNode> fields, YamlNode parent, string path, string field)
    {
        if (fields.TryGetValue(field, out var node) && !IsNull(node))
        {
            return node;
        }

        Error(node ?? parent, Join(path, field), "required field is missing");
        return null;
    }

    private string? Key(YamlNode keyNode, string path)
    {
        if (keyNode is YamlScalarNode { Value: { } key } && !IsNull(keyNode))
        {
            return key;
        }

        Error(keyNode, path, $"keys must be strings, got {Describe(keyNode)}");
        return null;
    }

    private string? String(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { } value } && !IsNull(node))
        {
            return value;
        }

        Error(node, path, $"must be a string, got {Describe(node)}");
        return null;
    }

    private void Error(YamlNode at, string field, string problem) =>
        errors.Add(new ManifestError(file, SourceLocation.From(at.Start), field, problem));

    /// <summary>Same but for case, or at most two edits away (Levenshtein): "modul", "nodeselector".</summary>
    private static bool IsNearMiss(string typed, string known)
    {
        const int MaxEdits = 2;
        if (Math.Abs(typed.Length - known.Length) > MaxEdits)
        {
            return false;
        }

        var a = typed.ToUpperInvariant();
        var b = known.ToUpperInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length] <= MaxEdits;
    }

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode scalar
        && ((scalar.Tag.IsGlobal && scalar.Tag.Value == "tag:yaml.org,2002:null")
            || (scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL"));

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing (null)",
        _ => "a string",
    };
}
