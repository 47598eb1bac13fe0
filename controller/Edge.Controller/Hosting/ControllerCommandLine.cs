using System.CommandLine;

namespace Edge.Controller.Hosting;

/// <summary>
/// edge-controller run|dev: the flags, each mapped to its configuration key, and any setting as
/// <c>--Controller:Key=value</c> (or <c>--Controller:Key value</c>, and <c>--Logging:…</c>), as
/// the configuration's command-line source reads them. What it parses becomes that source's arguments.
/// </summary>
internal sealed class ControllerCommandLine
{
    /// <summary>Each flag and the configuration key it sets.</summary>
    public static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--listen"] = "Controller:Listen",
        ["--data-dir"] = "Controller:DataDir",
        ["--grace"] = "Controller:NodeGracePeriod",
        ["--heartbeat"] = "Controller:HeartbeatPeriod",
        ["--mqtt-port"] = "Controller:Mqtt:Port",
        ["--mqtt-tls-port"] = "Controller:Mqtt:TlsPort",
        ["--log-format"] = "Logging:Format",
        ["--security"] = "Controller:Security:Mode",
    };

    private static readonly string[] SettingPrefixes = ["--Controller:", "--Logging:"];

    private readonly List<Option<string>> _flags;

    public ControllerCommandLine(string name, string description)
    {
        _flags =
        [
            Flag("--listen", "gRPC address, h2c in dev mode, https:// in mtls mode (Controller:Listen, default http://127.0.0.1:7400)"),
            Flag("--security", "node identity and admin auth: dev or mtls (Controller:Security:Mode, default dev; docs/enrollment.md)", "dev", "mtls"),
            Flag("--data-dir", "fleet store directory (Controller:DataDir, default /var/lib/edge-controller)"),
            Flag("--grace", "heartbeat grace before Disconnected, e.g. 00:00:40 (Controller:NodeGracePeriod)"),
            Flag("--heartbeat", "heartbeat period asked of agents, e.g. 00:00:10 (Controller:HeartbeatPeriod)"),
            Flag("--mqtt-port", "embedded broker's plain port, 0 = any (Controller:Mqtt:Port, default 1883; dev mode)"),
            Flag("--mqtt-tls-port", "embedded broker's TLS port (Controller:Mqtt:TlsPort, default 8883; mtls mode)"),
            Flag("--log-format", "text or json (Logging:Format)", "text", "json"),
        ];
        Command = new Command(name, description + ". Any setting also as --Controller:Key=value, EDGE_Controller__Key or appsettings.json (docs/controller.md)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var flag in _flags)
        {
            Command.Options.Add(flag);
        }
    }

    public Command Command { get; }

    /// <summary>
    /// The configuration source's arguments (<c>--Key=value</c>) for what was given, or an error
    /// naming a token that is neither a flag nor a setting, or a setting without a value.
    /// </summary>
    public (string[] Arguments, string? Error) ToArguments(ParseResult result)
    {
        var arguments = new List<string>();
        foreach (var flag in _flags)
        {
            if (result.GetValue(flag) is { } value)
            {
                arguments.Add($"--{Switches[flag.Name]}={value}");
            }
        }

        var unmatched = result.UnmatchedTokens;
        for (var i = 0; i < unmatched.Count; i++)
        {
            var token = unmatched[i];
            var key = token.Split('=', 2)[0];
            if (!SettingPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal) && key.Length > p.Length))
            {
                return ([], $"unknown option or argument '{token}' (settings are --Controller:Key=value; see --help)");
            }

            if (token.Contains('=', StringComparison.Ordinal))
            {
                arguments.Add(token);
            }
            else if (i + 1 < unmatched.Count && !unmatched[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                arguments.Add($"{token}={unmatched[++i]}");
            }
            else
            {
                return ([], $"setting {token} needs a value (--Controller:Key=value)");
            }
        }

        return ([.. arguments], null);
    }

    private static Option<string> Flag(string name, string description, params string[] allowed)
    {
        var option = new Option<string>(name) { Description = description };
        if (allowed.Length > 0)
        {
            option.AcceptOnlyFromAmong(allowed);
        }

        return option;
    }
}
