using System.CommandLine;

namespace Edge.Agent.Enrollment;

/// <summary>The ways of `enroll` that give the node an identity.</summary>
internal sealed class EnrollmentOptions
{
    public Option<string> Token { get; } = new("--token") { Description = "bootstrap token from edgectl token create (K10<CA hash>::<id>.<secret>); it shows in the process list: prefer --token-file" };

    public Option<string> TokenFile { get; } = new("--token-file") { Description = "file holding the bootstrap token (keep it 0600); the token never appears on a command line" };

    public Option<string> CsrOut { get; } = new("--csr-out") { Description = "air-gapped: make the node key and write a CSR to this file" };

    public Option<string> Cert { get; } = new("--cert") { Description = "air-gapped: install the certificate file edgectl csr sign wrote" };

    public Option<string> Bundle { get; } = new("--bundle") { Description = "offline: enroll from a bundle edgectl bundle create wrote (no network needed)" };

    public Option<string> CaHash { get; } = new("--ca-hash") { Description = "with --bundle: the fleet CA's sha256 (sha256:<64 hex>, as edgectl bundle create prints it); the bundle is refused unless its CA has this hash" };

    public IEnumerable<Option> All => [Token, TokenFile, CsrOut, Cert, Bundle, CaHash];

    /// <summary>What the command line asks for; the error names the option that is wrong.</summary>
    public EnrollmentChoice Read(ParseResult result, out string? error)
    {
        error = null;
        var token = result.GetValue(Token);
        var tokenFile = result.GetValue(TokenFile);
        if (tokenFile is not null)
        {
            if (token is not null)
            {
                error = "use one of --token and --token-file";
            }
            else
            {
                try
                {
                    token = File.ReadAllText(tokenFile).Trim();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    error = $"--token-file {tokenFile}: {ex.Message}";
                }
            }
        }

        string? caHash = null;
        if (result.GetValue(CaHash) is { } given)
        {
            if (!TryParseCaHash(given, out var hash))
            {
                error ??= $"--ca-hash '{given}' is not sha256: followed by 64 hex digits";
            }
            else if (result.GetValue(Bundle) is null)
            {
                error ??= "--ca-hash goes with --bundle (a token carries its own CA hash)";
            }

            caHash = hash;
        }

        return new EnrollmentChoice(token, result.GetValue(CsrOut), result.GetValue(Cert), result.GetValue(Bundle), caHash);
    }

    /// <summary>"sha256:&lt;hex&gt;" or bare hex, any case, to the lowercase hex tokens pin.</summary>
    public static bool TryParseCaHash(string text, out string hash)
    {
        var hex = text.Trim();
        if (hex.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex["sha256:".Length..];
        }

        hash = hex.ToLowerInvariant();
        return hash.Length == 64 && hash.All(char.IsAsciiHexDigit);
    }
}

/// <summary>One enrollment as asked for: at most one way is set (the caller checks), the CA hash only with a bundle.</summary>
internal sealed record EnrollmentChoice(string? Token, string? CsrOut, string? Cert, string? Bundle, string? CaHash);
