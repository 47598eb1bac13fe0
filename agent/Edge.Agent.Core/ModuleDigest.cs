namespace Edge.Agent.Core;

/// <summary>Parsing and checking of "sha256:&lt;hex&gt;" module digests.</summary>
public static class ModuleDigest
{
    public const string Prefix = "sha256:";

    private static readonly System.Buffers.SearchValues<char> LowerHex =
        System.Buffers.SearchValues.Create("0123456789abcdef");

    public static bool IsValid(string? digest) =>
        digest is { Length: 71 }
        && digest.StartsWith(Prefix, StringComparison.Ordinal)
        && digest.AsSpan(Prefix.Length).ContainsAnyExcept(LowerHex) == false;

    /// <summary>The digest of <paramref name="content"/>, in the canonical form.</summary>
    public static string Of(ReadOnlySpan<byte> content) =>
        Prefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    /// <summary>A file-name-safe form: "sha256-&lt;hex&gt;".</summary>
    public static string ToFileName(string digest) => digest.Replace(':', '-');
}
