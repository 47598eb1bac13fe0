using System.Globalization;

namespace Edge.Benchmarks;

/// <summary>A process's CPU time and resident memory from /proc/PID/stat and /proc/PID/status (Linux).</summary>
internal readonly record struct ProcUsage(double CpuSeconds, long RssKb, int OpenFiles)
{
    // USER_HZ is 100 on every Linux the project targets (x64 and arm64); /proc reports CPU time in it.
    private const double TicksPerSecond = 100;

    public static ProcUsage Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command (which may hold spaces) start after the last ')': state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var rss = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var files = Directory.GetFiles($"/proc/{pid}/fd").Length;
        return new ProcUsage(ticks / TicksPerSecond, kb, files);
    }
}
