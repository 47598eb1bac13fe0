using System.Text.RegularExpressions;

namespace Edge.Scheduling;

/// <summary>The name rules shared by nodes, workloads and modules.</summary>
public static partial class Names
{
    /// <summary>An RFC 1123 label, as Kubernetes names: lowercase alphanumerics and '-', 1-63 characters.</summary>
    public static bool IsDnsLabel(string? name) => name is not null && DnsLabel().IsMatch(name);

    /// <summary>
    /// Why a node-selector requirement can never be a valid label match, or null: the key must be a
    /// label key ([prefix/]name) and In/NotIn values label values (63 characters at most,
    /// alphanumerics with '-', '_' or '.' inside), as Kubernetes validates them.
    /// </summary>
    public static string? SelectorProblem(string key, SelectorOperator op, IEnumerable<string> values) =>
        LabelKeyProblem(key) ?? SelectorValuesProblem(op, values);

    /// <summary>Why <paramref name="key"/> is not a label key ([prefix/]name), or null.</summary>
    public static string? LabelKeyProblem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        var prefix = slash < 0 ? null : key[..slash];
        if (!IsLabelValue(name) || name.Length == 0 || (prefix is not null && (prefix.Length > 253 || !DnsSubdomain().IsMatch(prefix))))
        {
            return $"\"{key}\" is not a label key: [prefix/]name, the name 1 to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric";
        }

        return null;
    }

    /// <summary>Why an In/NotIn value is not a label value, or null (other operators' values are checked by their own rules).</summary>
    public static string? SelectorValuesProblem(SelectorOperator op, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (op is SelectorOperator.In or SelectorOperator.NotIn)
        {
            foreach (var value in values)
            {
                if (!IsLabelValue(value))
                {
                    return $"\"{value}\" is not a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric";
                }
            }
        }

        return null;
    }

    /// <summary>A Kubernetes label value: empty, or 1 to 63 characters, alphanumeric at both ends, '-', '_' and '.' inside.</summary>
    public static bool IsLabelValue(string? value) => value is not null && value.Length <= 63 && LabelValue().IsMatch(value);

    public static bool IsModuleDigest(string? digest) => digest is not null && Digest().IsMatch(digest);

    /// <summary>The content address of a module: "sha256:" and the lowercase hex SHA-256 of its bytes.</summary>
    public static string DigestOf(ReadOnlySpan<byte> content) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^sha256:[0-9a-f]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Digest();
}
