using System.Globalization;

namespace Edge.FleetSim;

/// <summary>The simulator's command line; a bad argument is a FormatException naming it.</summary>
internal sealed record SimArguments(SimSettings Settings, int First, int Nodes)
{
    public static SimArguments Parse(IReadOnlyList<string> args)
    {
        Uri? controller = null;
        Uri? mqtt = null;
        var settings = new SimSettings { Controller = new Uri("http://127.0.0.1:7400") };
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        int first = 0, nodes = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new FormatException($"option {name} needs a value");
            switch (name)
            {
                case "--controller":
                    controller = Address(name, value);
                    break;
                case "--mqtt":
                    mqtt = Address(name, value);
                    break;
                case "--prefix":
                    settings = settings with { Prefix = value.Length > 0 && value.Length <= 40 && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') ? value : throw new FormatException($"--prefix '{value}' must be 1-40 lowercase letters, digits or '-'") };
                    break;
                case "--first":
                    first = Count(name, value);
                    break;
                case "--nodes":
                    nodes = Count(name, value);
                    break;
                case "--ramp":
                    settings = settings with { RampPerSecond = Math.Max(1, Count(name, value)) };
                    break;
                case "--heartbeat":
                    settings = settings with { HeartbeatPeriod = Duration(name, value) };
                    break;
                case "--telemetry-period":
                    settings = settings with { TelemetryPeriod = Duration(name, value) };
                    break;
                case "--reconnect-min":
                    settings = settings with { ReconnectMinDelay = Duration(name, value) };
                    break;
                case "--reconnect-max":
                    settings = settings with { ReconnectMaxDelay = Duration(name, value) };
                    break;
                case "--welcome-timeout":
                    settings = settings with { WelcomeTimeout = Duration(name, value) };
                    break;
                case "--label":
                    var kv = value.Split('=', 2);
                    labels[kv.Length == 2 && kv[0].Length > 0 ? kv[0] : throw new FormatException($"--label '{value}' is not KEY=VALUE")] = kv[1];
                    break;
                default:
                    throw new FormatException($"unknown option '{name}'");
            }
        }

        if (controller is null)
        {
            throw new FormatException("--controller URL is required");
        }

        if (settings.ReconnectMaxDelay < settings.ReconnectMinDelay)
        {
            throw new FormatException("--reconnect-max must not be below --reconnect-min");
        }

        return new SimArguments(settings with { Controller = controller, Mqtt = mqtt, Labels = labels }, first, nodes);
    }

    private static Uri Address(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Port > 0 && uri.Scheme is "http" or "mqtt"
            ? uri
            : throw new FormatException($"{name} '{value}' is not an absolute http:// (controller) or mqtt:// (broker) address with a port");

    private static int Count(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 1_000_000
            ? n
            : throw new FormatException($"{name} '{value}' is not a whole number from 0 to 1,000,000");

    private static TimeSpan Duration(string name, string value) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var d) && d >= TimeSpan.FromMilliseconds(10) && d <= TimeSpan.FromHours(1)
            ? d
            : throw new FormatException($"{name} '{value}' is not a duration (hh:mm:ss[.fff]) from 10 ms to 1 h");
}
