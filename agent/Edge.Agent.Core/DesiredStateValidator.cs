using System.Text.RegularExpressions;

namespace Edge.Agent.Core;

/// <summary>
/// Checks a desired state before the agent accepts it. A snapshot with any
/// error is refused whole, and the agent keeps running what it had.
/// </summary>
public static partial class DesiredStateValidator
{
    public const int MaxWorkloads = 1024;

    public static IReadOnlyList<string> Validate(DesiredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var errors = new List<string>();
        if (state.Version <= 0)
        {
            errors.Add($"version must be positive, got {state.Version}");
        }

        if (state.Workloads.Count > MaxWorkloads)
        {
            errors.Add($"{state.Workloads.Count} workloads exceed the limit of {MaxWorkloads}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < state.Workloads.Count; i++)
        {
            var w = state.Workloads[i];
            var where = $"workloads[{i}]";
            if (!IsValidWorkloadName(w.Name))
            {
                errors.Add($"{where}.name '{w.Name}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters), nor NAME.TENANT of two");
            }
            else if (!seen.Add(w.Name))
            {
                errors.Add($"{where}.name '{w.Name}' appears more than once");
            }

            if (!ModuleDigest.IsValid(w.ModuleDigest))
            {
                errors.Add($"{where} ({w.Name}): module digest '{w.ModuleDigest}' is not 'sha256:' followed by 64 lowercase hex digits");
            }

            if (w.ModuleSizeBytes < 0)
            {
                errors.Add($"{where} ({w.Name}): module size {w.ModuleSizeBytes} is negative");
            }

            errors.AddRange(WorkloadSpecRules.Check(w).Select(e => $"{where} ({w.Name}): {e}"));
        }

        return errors;
    }

    public static bool IsValidName(string? name) => name is not null && DnsLabel().IsMatch(name);

    /// <summary>
    /// A workload's name on a node: a DNS label for the default tenant, "NAME.TENANT" for the others
    /// (the controller's workload key, docs/workloads.md "Tenants"), so two tenants' "web" can share a node.
    /// </summary>
    public static bool IsValidWorkloadName(string? name)
    {
        if (name is null)
        {
            return false;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? IsValidName(name) : IsValidName(name[..dot]) && IsValidName(name[(dot + 1)..]);
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
