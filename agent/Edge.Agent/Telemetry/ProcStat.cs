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

    /// <summary>Received and sent bytes of all interfaces but loopback, from /proc/net/dev.</summary>
    public static (ulong Rx, ulong Tx)? NetworkBytes(string? text = null)
    {
        text ??= TryRead("/proc/net/dev");
        if (text is null)
        {
            return null;
        }

        ulong rx = 0;
        ulong tx = 0;
        foreach (var line in text.Split('\n').Skip(2))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || line[..colon].Trim() == "lo")
            {
                continue;
            }

            var f = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 9
                && ulong.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var r)
                && ulong.TryParse(f[8], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                rx += r;
                tx += t;
            }
        }

        return (rx, tx);
    }

    /// <summary>Used and total bytes of the file system holding <paramref name="path"/>.</summary>
    public static (long Used, long Total)? Disk(string path)
    {
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(path));
            return drive.IsReady ? (drive.TotalSize - drive.AvailableFreeSpace, drive.TotalSize) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>This process's cgroup v2 directory ("0::/path" in /proc/self/cgroup), or null outside cgroup v2.</summary>
    public static string? CgroupDirectory(string? selfCgroup = null, string root = "/sys/fs/cgroup")
    {
        selfCgroup ??= TryRead("/proc/self/cgroup");
        var line = selfCgroup?.Split('\n').FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var dir = Path.Combine(root, line[3..].Trim().TrimStart('/'));
        return File.Exists(Path.Combine(dir, "memory.current")) ? dir : null;
    }

    /// <summary>The cgroup's figures; "max" reads as 0 (no limit).</summary>
    public static CgroupSampleValues? Cgroup(string dir)
    {
        var current = ParseLong(TryRead(Path.Combine(dir, "memory.current")));
        if (current is null)
        {
            return null;
        }

        var memoryMax = ParseLong(TryRead(Path.Combine(dir, "memory.max"))) ?? 0;
        ulong usage = 0;
        foreach (var line in (TryRead(Path.Combine(dir, "cpu.stat")) ?? "").Split('\n'))
        {
            if (line.StartsWith("usage_usec ", StringComparison.Ordinal))
            {
                _ = ulong.TryParse(line[11..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out usage);
            }
        }

        double cores = 0;
        var cpuMax = TryRead(Path.Combine(dir, "cpu.max"))?.Trim().Split(' ');
        if (cpuMax is [var quota, var period]
            && double.TryParse(quota, NumberStyles.Float, CultureInfo.InvariantCulture, out var q)
            && double.TryParse(period, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p > 0)
        {
            cores = q / p;
        }

        return new CgroupSampleValues(current.Value, memoryMax, usage, cores);
    }

    private static long? ParseLong(string? text) =>
        text is not null && long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

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
