using System.Security.Cryptography;

namespace Edge.Shared;

/// <summary>
/// A bootstrap token in K3s's secure-token form, <c>K10&lt;sha256 of the CA&gt;::&lt;id&gt;.&lt;secret&gt;</c>
/// (https://docs.k3s.io/cli/token#secure): the hash pins the controller's CA, so an agent
/// holding the token can tell the real controller from an impostor before it sends the secret.
/// </summary>
internal sealed record EnrollmentToken(string CaHash, string Id, string Secret)
{
    public const string Prefix = "K10";
    public const int IdLength = 6;
    public const int SecretLength = 16;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public override string ToString() => $"{Prefix}{CaHash}::{Id}.{Secret}";

    /// <summary>The pin of a CA: lowercase hex sha256 of its DER bytes.</summary>
    public static string HashCa(ReadOnlySpan<byte> caDer) => Convert.ToHexStringLower(SHA256.HashData(caDer));

    /// <summary>Hex sha256 of a secret, the only form in which a controller stores it.</summary>
    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    public static EnrollmentToken Create(string caHash) =>
        new(caHash, RandomNumberGenerator.GetString(Alphabet, IdLength), RandomNumberGenerator.GetString(Alphabet, SecretLength));

    /// <summary>Parses a token; the error names what is wrong with it (never echoing the secret).</summary>
    public static bool TryParse(string? text, out EnrollmentToken token, out string error)
    {
        token = new EnrollmentToken("", "", "");
        text = text?.Trim() ?? "";
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"token does not start with {Prefix} (expected {Prefix}<64 hex CA hash>::<id>.<secret>)";
            return false;
        }

        var sep = text.IndexOf("::", StringComparison.Ordinal);
        if (sep < 0)
        {
            error = "token has no '::' between the CA hash and the credentials";
            return false;
        }

        var hash = text[Prefix.Length..sep];
        if (hash.Length != 64 || !hash.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)))
        {
            error = $"token's CA hash is not 64 lowercase hex digits (got {hash.Length} characters)";
            return false;
        }

        var credentials = text[(sep + 2)..].Split('.');
        if (credentials.Length != 2 || !IsWord(credentials[0], IdLength) || !IsWord(credentials[1], SecretLength))
        {
            error = $"token's credentials are not <{IdLength} letters/digits>.<{SecretLength} letters/digits>";
            return false;
        }

        token = new EnrollmentToken(hash, credentials[0], credentials[1]);
        error = "";
        return true;
    }

    private static bool IsWord(string s, int length) => s.Length == length && s.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
