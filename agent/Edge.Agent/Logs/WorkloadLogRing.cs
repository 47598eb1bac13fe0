using System.Globalization;
using System.Text;

namespace Edge.Agent.Logs;

/// <summary>
/// One workload's recent output lines, bounded in bytes and age, kept in memory and in a small
/// append-only file (0600) so they outlive a restart. The file is rewritten from memory when it
/// has grown to twice the bound. One writer (the log writer's thread); readers take the lock.
/// File format, one line per entry: sequence, unix ms, invocation, stream, escaped text, tab-separated.
/// </summary>
internal sealed class WorkloadLogRing : IDisposable
{
    private readonly Lock _gate = new();
    private readonly LinkedList<LogLine> _lines = new();
    private readonly string _path;
    private readonly LogRingLimits _limits;
    private FileStream? _file;
    private long _bytes;
    private long _nextSequence = 1;

    private WorkloadLogRing(string path, LogRingLimits limits)
    {
        _path = path;
        _limits = limits;
    }

    /// <summary>Opens (or creates) the ring of the file at <paramref name="path"/>; lines past the bounds are dropped.</summary>
    public static WorkloadLogRing Open(string path, LogRingLimits limits, DateTimeOffset now)
    {
        var ring = new WorkloadLogRing(path, limits);
        if (File.Exists(path))
        {
            foreach (var text in File.ReadLines(path))
            {
                if (Parse(text) is { } line)
                {
                    ring.AddLocked(line);
                    ring._nextSequence = Math.Max(ring._nextSequence, line.Sequence + 1);
                }
            }

            ring.TrimLocked(now);
            ring.Rewrite();
        }

        return ring;
    }

    public long NextSequence
    {
        get
        {
            lock (_gate)
            {
                return _nextSequence;
            }
        }
    }

    /// <summary>Appends one run's lines (sequences given here), in memory and to the file.</summary>
    public void Append(IEnumerable<(DateTimeOffset Time, string Invocation, string Stream, string Text)> lines, DateTimeOffset now)
    {
        var written = new StringBuilder();
        lock (_gate)
        {
            foreach (var (time, invocation, stream, text) in lines)
            {
                var line = new LogLine(_nextSequence++, time, invocation, stream, text);
                AddLocked(line);
                Format(line, written);
            }

            TrimLocked(now);
            if (written.Length == 0)
            {
                return;
            }

            var file = _file ??= OpenForAppend(_path);
            file.Write(Encoding.UTF8.GetBytes(written.ToString()));
            file.Flush();
            if (file.Length > 2 * _limits.MaxBytes)
            {
                Rewrite();
            }
        }
    }

    /// <summary>
    /// Lines newer than <paramref name="since"/> and after sequence <paramref name="after"/>, the last
    /// <paramref name="tail"/> of them (0 = all); with <paramref name="previous"/>, only the run before the last.
    /// </summary>
    public IReadOnlyList<LogLine> Read(DateTimeOffset? since, long after, int tail, bool previous)
    {
        lock (_gate)
        {
            IEnumerable<LogLine> lines = _lines;
            if (previous)
            {
                var runs = _lines.Select(l => l.Invocation).Distinct(StringComparer.Ordinal).ToList();
                var wanted = runs.Count >= 2 ? runs[^2] : null;
                lines = lines.Where(l => l.Invocation == wanted);
            }

            var list = lines.Where(l => l.Sequence > after && (since is null || l.Time >= since)).ToList();
            return tail > 0 && list.Count > tail ? list[^tail..] : list;
        }
    }

    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private void AddLocked(LogLine line)
    {
        _lines.AddLast(line);
        _bytes += line.Cost;
    }

    private void TrimLocked(DateTimeOffset now)
    {
        var oldest = now - _limits.MaxAge;
        while (_lines.First is { } first && (_bytes > _limits.MaxBytes || first.Value.Time < oldest))
        {
            _bytes -= first.Value.Cost;
            _lines.RemoveFirst();
        }
    }

    /// <summary>Writes what memory holds to a new file and puts it in the old one's place.</summary>
    private void Rewrite()
    {
        _file?.Dispose();
        _file = null;
        var text = new StringBuilder();
        foreach (var line in _lines)
        {
            Format(line, text);
        }

        var temporary = _path + ".new";
        using (var file = OpenNew(temporary))
        {
            file.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }

        File.Move(temporary, _path, overwrite: true);
    }

    private static void Format(LogLine line, StringBuilder text) =>
        text.Append(CultureInfo.InvariantCulture, $"{line.Sequence}\t{line.Time.ToUnixTimeMilliseconds()}\t{line.Invocation}\t{line.Stream}\t{line.Text}\n");

    private static LogLine? Parse(string text)
    {
        var parts = text.Split('\t', 5);
        return parts.Length == 5
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? new LogLine(sequence, DateTimeOffset.FromUnixTimeMilliseconds(ms), parts[2], parts[3], parts[4])
            : null; // a line cut by a kill mid-write
    }

    private static FileStream OpenForAppend(string path) => Open(path, FileMode.Append);

    private static FileStream OpenNew(string path) => Open(path, FileMode.Create);

    /// <summary>Owner read and write only (0600) from creation on, so no other user ever reads a guest's output.</summary>
    private static FileStream Open(string path, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
