using System.Globalization;

namespace Edge.Agent.Telemetry;

/// <summary>Reads node figures from /proc (Linux). Each reader returns null where /proc has no answer.</summary>
internal static class ProcStat
{
    public static long? MemTotalBytes() => MemInfoField("MemTotal:");

    public static long? MemAvailableBytes() => MemInfoField("MemAvailable:");

    public static double? LoadAverage1m()
    {
        var text = TryRead("/proc/loadavg");
        return text is not null && double.TryParse(text.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
    }

    /// <summary>Total and idle jiffies of all CPUs, from the first line of /proc/stat.</summary>
    public static (ulong Total, ulong Idle)? CpuTimes()
    {
        var text = TryRead("/proc/stat");
        var line = text?.Split('\n')[0];
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
        {
            return null;
        }

        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => ulong.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0UL).ToArray();
        if (fields.Length < 5)
        {
            return null;
        }

        ulong total = 0;
        foreach (var f in fields.Take(8))
        {
            total += f;
        }

        return (total, fields[3] + fields[4]); // idle + iowait
    }

    private static long? MemInfoField(string key)
    {
        var text = TryRead("/proc/meminfo");
        var line = text?.Split('\n').FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var parts = line[key.Length..].Trim().Split(' ');
        return long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib * 1024 : null;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
