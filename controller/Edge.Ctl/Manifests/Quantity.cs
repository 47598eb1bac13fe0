using System.Globalization;
using System.Text.RegularExpressions;

namespace Edge.Ctl.Manifests;

/// <summary>Durations ("250ms", "30s", "5m", "1h") and byte sizes ("65536", "64Ki", "16Mi", "1Gi") as manifests write them.</summary>
internal static partial class Quantity
{
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var match = DurationPattern().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        duration = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            _ => TimeSpan.FromHours(value),
        };
        return true;
    }

    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        var match = BytesPattern().Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var shift = match.Groups[2].Value switch { "Ki" => 10, "Mi" => 20, "Gi" => 30, _ => 0 };
        if (value > long.MaxValue >> shift)
        {
            return false;
        }

        bytes = value << shift;
        return true;
    }

    [GeneratedRegex("^([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex("^([0-9]{1,18})(Ki|Mi|Gi)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BytesPattern();
}
