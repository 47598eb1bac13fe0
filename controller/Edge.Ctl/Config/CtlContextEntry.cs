namespace Edge.Ctl.Config;

/// <summary>One controller and how to reach it: address, the CA to trust, an admin token (inline or in a file).</summary>
internal sealed class CtlContextEntry
{
    public string Name { get; set; } = "";

    public string Controller { get; set; } = "";

    /// <summary>PEM file of the fleet CA; empty = the system's trust store.</summary>
    public string Ca { get; set; } = "";

    public string Token { get; set; } = "";

    public string TokenFile { get; set; } = "";

    /// <summary>Tenant sent with each call (x-edge-tenant), for tenant-admin tokens.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>The token to send: inline, else the file's first line; empty = none.</summary>
    public string ReadToken(string configDirectory)
    {
        if (Token.Length > 0)
        {
            return Token;
        }

        if (TokenFile.Length == 0)
        {
            return "";
        }

        var path = Path.IsPathRooted(TokenFile) ? TokenFile : Path.Combine(configDirectory, TokenFile);
        return File.Exists(path)
            ? File.ReadAllText(path).Trim()
            : throw new InvalidDataException($"context '{Name}': token-file {path} does not exist");
    }
}
