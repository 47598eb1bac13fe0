using System.Diagnostics.CodeAnalysis;

namespace Edge.Ctl.Client;

/// <summary>The controller's admin API address, as the user gave it and as a URI.</summary>
internal sealed record ControllerAddress(Uri Uri, string Text)
{
    public const string EnvironmentVariable = "EDGE_CONTROLLER";
    public const string Default = "http://127.0.0.1:7400";

    /// <summary>Picks --controller, else $EDGE_CONTROLLER, else <see cref="Default"/>, and checks it is an http(s) URL.</summary>
    public static bool TryResolve(
        string? fromOption,
        string? fromEnvironment,
        [NotNullWhen(true)] out ControllerAddress? address,
        [NotNullWhen(false)] out string? error)
    {
        var (text, source) = !string.IsNullOrWhiteSpace(fromOption) ? (fromOption.Trim(), "--controller")
            : !string.IsNullOrWhiteSpace(fromEnvironment) ? (fromEnvironment.Trim(), EnvironmentVariable)
            : (Default, "the default");

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host))
        {
            address = new ControllerAddress(uri, text);
            error = null;
            return true;
        }

        address = null;
        error = $"invalid controller address \"{text}\" (from {source}): expected an absolute http:// or https:// URL, e.g. {Default}";
        return false;
    }

    public override string ToString() => Text;
}
