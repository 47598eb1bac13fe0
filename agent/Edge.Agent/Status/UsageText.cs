using System.Globalization;

namespace Edge.Agent.Status;

/// <summary>CPU seconds and bytes as `edge-agent status` prints them; "-" when not measured.</summary>
internal static class UsageText
{
    public static string Cpu(double? seconds) => seconds switch
    {
        null => "-",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.000}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.0}m"),
    };

    public static string Bytes(long? bytes) => bytes switch
    {
        null => "-",
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes}B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#}Ki"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#}Mi"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##}Gi"),
    };
}
