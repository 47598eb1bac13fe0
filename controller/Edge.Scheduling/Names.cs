using System.Text.RegularExpressions;

namespace Edge.Scheduling;

/// <summary>The name rules shared by nodes, workloads and modules.</summary>
public static partial class Names
{
    /// <summary>An RFC 1123 label, as Kubernetes names: lowercase alphanumerics and '-', 1-63 characters.</summary>
    public static bool IsDnsLabel(string? name) => name is not null && DnsLabel().IsMatch(name);

    public static bool IsModuleDigest(string? digest) => digest is not null && Digest().IsMatch(digest);

    /// <summary>The content address of a module: "sha256:" and the lowercase hex SHA-256 of its bytes.</summary>
    public static string DigestOf(ReadOnlySpan<byte> content) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^sha256:[0-9a-f]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Digest();
}
