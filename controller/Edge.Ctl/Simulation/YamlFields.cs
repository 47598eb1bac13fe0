using System.Globalization;
using Edge.Ctl.Manifests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Simulation;

/// <summary>
/// The fields of one YAML mapping of a scenario, read with types and ranges; every problem is
/// added to the shared error list with its line, column and field path, and the read returns null.
/// </summary>
internal sealed class YamlFields
{
    private readonly Dictionary<string, YamlNode> _fields;
    private readonly List<ManifestError> _errors;
    private readonly string _file;

    private YamlFields(string file, List<ManifestError> errors, YamlNode node, string path, Dictionary<string, YamlNode> fields)
    {
        _file = file;
        _errors = errors;
        Node = node;
        Path = path;
        _fields = fields;
    }

    public YamlNode Node { get; }

    public string File => _file;

    /// <summary>The error list shared by every mapping of the file.</summary>
    public List<ManifestError> Errors => _errors;

    public string Path { get; }

    /// <summary>Opens a mapping allowing only <paramref name="known"/> keys; null (with an error) when it is not a mapping.</summary>
    public static YamlFields? Open(string file, List<ManifestError> errors, YamlNode node, string path, params string[] known)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(node);
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(new ManifestError(file, SourceLocation.From(node.Start), path, $"must be a mapping of fields, got {Describe(node)}"));
            return null;
        }

        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(new ManifestError(file, SourceLocation.From(key.Start), Join(path, name), $"unknown field; allowed here: {string.Join(", ", known)}"));
                continue;
            }

            fields[name] = value;
        }

        return new YamlFields(file, errors, node, path, fields);
    }

    public string Field(string name) => Join(Path, name);

    public bool Has(string name) => _fields.TryGetValue(name, out var node) && !IsNull(node);

    public YamlNode? Raw(string name, bool required = false)
    {
        if (_fields.TryGetValue(name, out var node) && !IsNull(node))
        {
            return node;
        }

        if (required)
        {
            Error(node ?? Node, Field(name), "required field is missing");
        }

        return null;
    }

    public YamlFields? Map(string name, bool required, params string[] known) =>
        Raw(name, required) is { } node ? Open(_file, _errors, node, Field(name), known) : null;

    /// <summary>The items of a list field, each with its path (FIELD[i]).</summary>
    public IEnumerable<(YamlNode Node, string Path)> List(string name, bool required = false)
    {
        if (Raw(name, required) is not { } node)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, Field(name), $"must be a list, got {Describe(node)}");
            return [];
        }

        return sequence.Children.Select((child, i) => (child, string.Create(CultureInfo.InvariantCulture, $"{Field(name)}[{i}]")));
    }

    public string? String(string name, bool required = false)
    {
        if (Raw(name, required) is not { } node)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        Error(node, Field(name), $"must be a string, got {Describe(node)}");
        return null;
    }

    public T? Parse<T>(string name, string expected, Func<string, T?> parse, bool required = false)
        where T : struct
    {
        if (String(name, required) is not { } text)
        {
            return null;
        }

        if (parse(text) is { } value)
        {
            return value;
        }

        Error(_fields[name], Field(name), $"{expected}, got \"{text}\"");
        return null;
    }

    public int? Int(string name, int min, int max, bool required = false) =>
        Parse(name, $"must be a whole number from {min} to {max}", t =>
            int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v : (int?)null, required);

    public double? Double(string name, double min, double max, bool required = false) =>
        Parse(name, string.Create(CultureInfo.InvariantCulture, $"must be a number from {min} to {max}"), t =>
            double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= min && v <= max ? v : (double?)null, required);

    public TimeSpan? Duration(string name, bool required = false) =>
        Parse(name, "must be a duration such as 250ms, 30s, 5m or 1h", t => Quantity.TryParseDuration(t, out var d) ? d : (TimeSpan?)null, required);

    public long? Bytes(string name, bool required = false) =>
        Parse(name, "must be a size in bytes such as 65536, 512Mi or 2Gi", t => Quantity.TryParseBytes(t, out var b) ? b : (long?)null, required);

    /// <summary>CPU as millicores ("500m") or cores ("2", "0.5").</summary>
    public long? Cpu(string name, bool required = false) =>
        Parse(name, "must be CPU as millicores (500m) or cores (2, 0.5)", ParseCpu, required);

    public bool? Bool(string name) =>
        Parse(name, "must be true or false", t => t switch { "true" => true, "false" => false, _ => (bool?)null });

    /// <summary>Extended resources, name to whole count ("edge.io/gpu: 2"), each name and count checked as the agent checks its own.</summary>
    public Dictionary<string, long> ExtendedResources(string name)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (resource, text) in StringMap(name))
        {
            if (Edge.Agent.Core.ExtendedResourceRules.NameProblem(resource) is { } problem)
            {
                Error(Raw(name)!, Join(Field(name), resource), problem);
            }
            else if (!Edge.Agent.Core.ExtendedResourceRules.TryParseCount(text, out var count))
            {
                Error(Raw(name)!, Join(Field(name), resource), $"must be a whole number from 0 to {Edge.Agent.Core.ExtendedResourceRules.MaxCount:N0}, got \"{text}\"");
            }
            else
            {
                counts[resource] = count;
            }
        }

        if (counts.Count > Edge.Agent.Core.ExtendedResourceRules.MaxNames)
        {
            Error(Raw(name)!, Field(name), $"at most {Edge.Agent.Core.ExtendedResourceRules.MaxNames} extended resources, got {counts.Count}");
        }

        return counts;
    }

    /// <summary>A string-to-string mapping such as labels.</summary>
    public Dictionary<string, string> StringMap(string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Raw(name) is not { } node)
        {
            return map;
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node, Field(name), $"must be a mapping, got {Describe(node)}");
            return map;
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { Length: > 0 } k } && value is YamlScalarNode { Value: { } v })
            {
                map[k] = v;
            }
            else
            {
                Error(key, Field(name), "keys and values must be strings");
            }
        }

        return map;
    }

    public void Error(YamlNode at, string field, string problem)
    {
        ArgumentNullException.ThrowIfNull(at);
        _errors.Add(new ManifestError(_file, SourceLocation.From(at.Start), field, problem));
    }

    private static long? ParseCpu(string text)
    {
        if (text.EndsWith('m') && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var millis))
        {
            return millis;
        }

        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cores) && cores <= 1e6
            ? (long)Math.Round(cores * 1000)
            : null;
    }

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "a string",
    };
}
