using System.Globalization;

namespace Edge.Agent.Runtime;

/// <summary>Short human text for a duration in messages: "10s", "1.5s", "250ms".</summary>
internal static class DurationText
{
    public static string Format(TimeSpan duration) =>
        duration >= TimeSpan.FromSeconds(1)
            ? duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
            : duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
}
