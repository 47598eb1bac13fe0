using System.Globalization;

namespace Edge.Scheduling;

/// <summary>CPU and memory as an operator writes them in a manifest: 250m, 16Mi, 2Gi.</summary>
internal static class ResourceText
{
    public static string Millis(long m) => m.ToString(CultureInfo.InvariantCulture) + "m";

    public static string Bytes(long b) =>
        b % (1L << 30) == 0 ? (b >> 30).ToString(CultureInfo.InvariantCulture) + "Gi"
        : b % (1L << 20) == 0 ? (b >> 20).ToString(CultureInfo.InvariantCulture) + "Mi"
        : b.ToString(CultureInfo.InvariantCulture) + "B";
}
