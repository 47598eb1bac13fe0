using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Ctl.Output;

/// <summary>Human-readable quantities for tables, in kubectl's style.</summary>
internal static class Units
{
    public const string None = "<none>";

    private static readonly string[] BinarySuffixes = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    /// <summary>ISO 8601 in UTC, without trailing zero fractions: 2025-01-02T03:04:05.5Z.</summary>
    public static string? Iso8601(Timestamp? timestamp) =>
        timestamp?.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Binary units: 512B, 1.5Ki, 7.6Gi, 128Gi.</summary>
    public static string Bytes(long bytes)
    {
        if (bytes < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes}B");
        }

        double value = bytes;
        var index = -1;
        while (value >= 1024 && index < BinarySuffixes.Length - 1)
        {
            value /= 1024;
            index++;
        }

        var format = value < 100 ? "0.#" : "0";
        return value.ToString(format, CultureInfo.InvariantCulture) + BinarySuffixes[index];
    }

    /// <summary>Kubernetes CPU quantity: whole cores as "4", anything else in millicores as "1500m".</summary>
    public static string Cpu(int millicores) =>
        millicores % 1000 == 0
            ? (millicores / 1000).ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{millicores}m");

    /// <summary>Cores as a decimal: 4000m is "4", 1500m is "1.5".</summary>
    public static string Cores(int millicores) =>
        (millicores / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    public static string Percent(double ratio) =>
        double.IsFinite(ratio)
            ? (ratio * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%"
            : "?";

    /// <summary>What replicas request of a node's (or the fleet's) allocatable, as a percentage: "6.3%".</summary>
    public static string Share(long requested, long allocatable) =>
        allocatable > 0 ? Percent((double)requested / allocatable) : requested > 0 ? "over" : "0%";

    /// <summary>kubectl's HumanDuration: "42s", "3m25s", "5h12m", "3d4h", "400d", "2y100d".</summary>
    /// <remarks>https://github.com/kubernetes/apimachinery/blob/master/pkg/util/duration/duration.go</remarks>
    public static string HumanDuration(TimeSpan duration)
    {
        var seconds = (long)Math.Floor(duration.TotalSeconds);
        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return Invariant($"{seconds}s");
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? Invariant($"{minutes}m") : Invariant($"{minutes}m{s}s");
        }

        if (minutes < 60 * 3)
        {
            return Invariant($"{minutes}m");
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? Invariant($"{hours}h") : Invariant($"{hours}h{m}m");
        }

        if (hours < 48)
        {
            return Invariant($"{hours}h");
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? Invariant($"{hours / 24}d") : Invariant($"{hours / 24}d{h}h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Invariant($"{hours / 24}d");
        }

        if (hours < 24 * 365 * 8)
        {
            var d = (hours / 24) % 365;
            return d == 0 ? Invariant($"{hours / 24 / 365}y") : Invariant($"{hours / 24 / 365}y{d}d");
        }

        return Invariant($"{hours / 24 / 365}y");
    }

    /// <summary>"3s ago", or "never" when there is no timestamp.</summary>
    public static string Ago(Timestamp? timestamp, DateTimeOffset now) =>
        timestamp is null ? "never" : HumanDuration(now - timestamp.ToDateTimeOffset()) + " ago";

    /// <summary>"sha256:0123456789ab" from a full "sha256:&lt;64 hex&gt;" digest.</summary>
    public static string ShortDigest(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        const int HexShown = 12;
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var shownLength = colon + 1 + HexShown;
        return digest.Length == 0 ? None : digest.Length <= shownLength ? digest : digest[..shownLength];
    }

    /// <summary>"tier=edge,zone=a", or "&lt;all&gt;" for the empty selector, which matches every node.</summary>
    public static string Selector(IReadOnlyDictionary<string, string> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return selector.Count == 0
            ? "<all>"
            : string.Join(',', selector.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>One line for a table cell: control characters become spaces, empty becomes "&lt;none&gt;".</summary>
    public static string Cell(string? text, string empty = None)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return empty;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        }).Trim();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
