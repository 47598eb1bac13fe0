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

    /// <summary>CPU as Kubernetes writes it: millicores ("250m") or cores ("0.5", "2", at most 3 decimals).</summary>
    public static bool TryParseCpu(string text, out long millicores)
    {
        millicores = 0;
        var match = CpuPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        if (match.Groups[1].Success)
        {
            return long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out millicores);
        }

        millicores = (long)(decimal.Parse(match.Groups[2].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * 1000);
        return true;
    }

    [GeneratedRegex("^(?:([0-9]{1,15})m|([0-9]{1,9}(?:\\.[0-9]{1,3})?))$", RegexOptions.CultureInvariant)]
    private static partial Regex CpuPattern();

    [GeneratedRegex("^([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex("^([0-9]{1,18})(Ki|Mi|Gi)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BytesPattern();
}
