using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Edge.Agent.Runtime;

namespace Edge.Agent.Logs;

/// <summary>
/// Workloads' recent output on this node: each run's stdout, stderr and edge.log lines, kept per
/// workload in a <see cref="WorkloadLogRing"/> under the data directory's <c>logs/</c> (0700).
/// The invocation path only hands the run's result to a queue (<see cref="Record"/>); one
/// background writer splits, escapes and stores the lines. Runs that find the queue full are
/// dropped and counted, never waited for.
/// </summary>
internal sealed partial class WorkloadLogs : IDisposable
{
    public const int QueueCapacity = 4096;
    private const int MaxBatch = 512;

    private readonly Channel<PendingRun> _queue = Channel.CreateBounded<PendingRun>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private readonly ConcurrentDictionary<string, WorkloadLogRing> _rings = new(StringComparer.Ordinal);
    private readonly string _directory;
    private readonly LogRingLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger<WorkloadLogs> _logger;
    private readonly string _boot = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
    private readonly Task _writer;
    private long _runs;
    private long _dropped;
    private long _pending;
    private long _writeFailures;

    public WorkloadLogs(string dataDir, LogRingLimits limits, TimeProvider time, ILogger<WorkloadLogs> logger)
    {
        _directory = Path.Combine(dataDir, "logs");
        _limits = limits;
        _time = time;
        _logger = logger;
        Directory.CreateDirectory(_directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        _writer = Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Runs whose lines were not kept because the writer was behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Queues a run's output to be kept; the only logging cost on the invocation path: an id,
    /// a clock read and a queue write. Never blocks.
    /// </summary>
    public void Record(string workload, InvocationResult result)
    {
        if (result.Stdout.IsEmpty && result.Stderr.IsEmpty && result.Logs.Count == 0 && result.Succeeded)
        {
            return; // nothing written: nothing to keep
        }

        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(new PendingRun(workload, Interlocked.Increment(ref _runs), _time.GetUtcNow(), result)))
        {
            Interlocked.Decrement(ref _pending);
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>A workload's lines as <see cref="WorkloadLogRing.Read"/> selects them; none for a workload with no output.</summary>
    public IReadOnlyList<LogLine> Read(string workload, DateTimeOffset? since, long after, int tail, bool previous) =>
        RingOf(workload) is { } ring ? ring.Read(since, after, tail, previous) : [];

    /// <summary>Batches of runs whose lines could not be written (an I/O error, logged with the workload).</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>The log rings' figures for the agent's /metrics.</summary>
    public string MetricsText() => new Edge.Shared.PrometheusText()
        .Metric("edge_agent_log_runs_dropped_total", "counter", "Runs whose output lines were not kept for edgectl logs because the log writer was more than 4096 runs behind.", Dropped)
        .Metric("edge_agent_log_write_failures_total", "counter", "Batches of output lines the log writer could not store (I/O errors; see the agent's log).", WriteFailures)
        .ToString();

    /// <summary>True once every run recorded so far is stored (tests and the benchmark wait on it).</summary>
    public bool Idle => Interlocked.Read(ref _pending) == 0;

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
        foreach (var ring in _rings.Values)
        {
            ring.Dispose();
        }
    }

    /// <summary>Stores what is queued in batches: one ring append and one file write per workload per batch.</summary>
    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingRun>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var run))
            {
                batch.Add(run);
            }

            foreach (var runs in batch.GroupBy(r => r.Workload, StringComparer.Ordinal))
            {
                try
                {
                    Store(runs.Key, runs);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Interlocked.Increment(ref _writeFailures);
                    LogWriteFailed(_logger, runs.Key, ex.Message);
                }
            }

            Interlocked.Add(ref _pending, -batch.Count);
            batch.Clear();
        }
    }

    private void Store(string workload, IEnumerable<PendingRun> runs)
    {
        if (RingOf(workload, create: true) is not { } ring)
        {
            return;
        }

        ring.Append(runs.SelectMany(LinesOf), _time.GetUtcNow());
    }

    private IEnumerable<(DateTimeOffset, string, string, string)> LinesOf(PendingRun run)
    {
        var invocation = string.Create(CultureInfo.InvariantCulture, $"{_boot}-{run.Id}");
        var max = _limits.MaxLineBytes;
        var lines = LogText.Lines(run.Result.Stdout, max).Select(t => (run.EndedAt, invocation, LogLine.Stdout, t))
            .Concat(LogText.Lines(run.Result.Stderr, max).Select(t => (run.EndedAt, invocation, LogLine.Stderr, t)))
            .Concat(run.Result.Logs.Select(l => (run.EndedAt, invocation, LogLine.EdgeLog,
                LogText.Escape(System.Text.Encoding.UTF8.GetBytes(l.Line), max))));
        if (!run.Result.Succeeded && run.Result.Outcome != InvocationOutcome.Busy)
        {
            // Why a run failed belongs beside its output, where the author looks.
            lines = lines.Append((run.EndedAt, invocation, LogLine.Stderr, $"[edge] run failed: {run.Result.Error}"));
        }

        return lines;
    }

    private WorkloadLogRing? RingOf(string workload, bool create = false)
    {
        if (_rings.TryGetValue(workload, out var ring))
        {
            return ring;
        }

        if (!IsFileName(workload))
        {
            return null; // only a workload's own name maps to a file here
        }

        var path = Path.Combine(_directory, workload + ".log");
        if (!create && !File.Exists(path))
        {
            return null;
        }

        return _rings.GetOrAdd(workload, w => WorkloadLogRing.Open(path, _limits, _time.GetUtcNow()));
    }

    /// <summary>A node-level workload name (a DNS label, ".tenant" appended): no separator, no leading dot.</summary>
    internal static bool IsFileName(string workload) =>
        workload.Length is > 0 and <= 127
        && workload[0] != '.'
        && workload.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.')
        && !workload.Contains("..", StringComparison.Ordinal);

    private sealed record PendingRun(string Workload, long Id, DateTimeOffset EndedAt, InvocationResult Result);

    [LoggerMessage(EventId = 2950, Level = LogLevel.Warning, Message = "Could not keep the output of a run of {Workload}: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, string workload, string error);
}
