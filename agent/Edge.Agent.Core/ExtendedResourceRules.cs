using System.Globalization;
using System.Text.RegularExpressions;

namespace Edge.Agent.Core;

/// <summary>
/// Extended resources: counted devices a node advertises (Agent:ExtendedResources) and replicas
/// request whole ("edge.io/gpu": 1), as Kubernetes extended resources. One rule for the agent's
/// configuration, workload manifests, tenant quotas and node-group templates, checked by the
/// agent, edgectl and the controller alike.
/// </summary>
public static partial class ExtendedResourceRules
{
    /// <summary>Devices of one name a node advertises, a replica requests or a quota allows, at most.</summary>
    public const long MaxCount = 1_000_000;

    /// <summary>Names per node, workload, quota or template, at most.</summary>
    public const int MaxNames = 16;

    /// <summary>
    /// Why <paramref name="name"/> is not an extended resource name, or null: a domain prefix and a
    /// name ("edge.io/gpu", "example.com/camera"), the prefix a DNS subdomain of at most 253
    /// characters, the name 1 to 63 letters, digits, '-', '_' or '.', alphanumeric at both ends.
    /// </summary>
    public static string? NameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash > 253 || !Prefix().IsMatch(name[..slash]) || name.Length - slash - 1 is < 1 or > 63 || !Local().IsMatch(name[(slash + 1)..]))
        {
            return $"\"{name}\" is not an extended resource name: a domain prefix and a name, e.g. edge.io/gpu or example.com/camera";
        }

        return null;
    }

    /// <summary>Why <paramref name="count"/> is out of range, or null.</summary>
    public static string? CountProblem(long count) =>
        count is < 0 or > MaxCount
            ? string.Create(CultureInfo.InvariantCulture, $"must be a whole number from 0 to {MaxCount:N0}, got {count:N0}")
            : null;

    /// <summary>A count written as text (configuration, YAML): digits only, within range.</summary>
    public static bool TryParseCount(string? text, out long count) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) && CountProblem(count) is null;

    /// <summary>Every problem of a set of names and counts, each as "name: problem".</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, long> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var problems = new List<string>();
        if (resources.Count > MaxNames)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"at most {MaxNames} extended resources, got {resources.Count}"));
        }

        foreach (var (name, count) in resources)
        {
            if (NameProblem(name) is { } nameProblem)
            {
                problems.Add(nameProblem);
            }
            else if (CountProblem(count) is { } countProblem)
            {
                problems.Add($"{name}: {countProblem}");
            }
        }

        return problems;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Local();
}
