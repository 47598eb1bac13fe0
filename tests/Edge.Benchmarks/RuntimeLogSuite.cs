using System.Buffers;
using System.Diagnostics;
using Edge.Agent.Logs;
using Edge.Agent.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Benchmarks;

/// <summary>
/// What keeping a run's output for <c>edgectl logs</c> costs. <c>log_line_cost_ns</c>: the
/// invocation path's part, <see cref="WorkloadLogs.Record"/> of a run that wrote one 16-byte line
/// (an id, a clock read, a queue write), per line, beside <c>log_line_baseline_buffer_append_ns</c>:
/// the same 16 bytes appended to a plain in-memory buffer. <c>log_line_background_store_ns</c>:
/// the writer thread's wall time per line (split, escape, ring, file append), off the invocation
/// path, from the first record of a batch to the batch stored.
/// </summary>
internal static class RuntimeLogSuite
{
    private const int Batch = 2_000; // inside the writer's queue, so no record is a drop
    private const int Batches = 50;

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var dir = Directory.CreateTempSubdirectory("edge-bench-logs-").FullName;
        try
        {
            using var logs = new WorkloadLogs(dir, LogRingLimits.Default, TimeProvider.System, NullLogger<WorkloadLogs>.Instance);
            var line = "hello from edge\n"u8.ToArray();
            var result = new InvocationResult { Outcome = InvocationOutcome.Succeeded, ExitCode = 0, Stdout = line };

            var record = new List<double>();
            var store = new List<double>();
            for (var b = 0; b < Batches + 2; b++)
            {
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < Batch; i++)
                {
                    logs.Record("bench", result);
                }

                var recorded = Stopwatch.GetElapsedTime(start);
                while (!logs.Idle)
                {
                    await Task.Delay(1);
                }

                var stored = Stopwatch.GetElapsedTime(start);
                if (b >= 2)
                {
                    record.Add(recorded.TotalNanoseconds / Batch);
                    store.Add(stored.TotalNanoseconds / Batch);
                }
            }

            var buffer = new ArrayBufferWriter<byte>(Batch * line.Length);
            var append = new List<double>();
            for (var b = 0; b < Batches + 2; b++)
            {
                buffer.ResetWrittenCount();
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < Batch; i++)
                {
                    buffer.Write(line);
                }

                if (b >= 2)
                {
                    append.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / Batch);
                }
            }

            if (logs.Dropped > 0)
            {
                throw new InvalidOperationException($"{logs.Dropped} runs were dropped: the figure would not be what it says");
            }

            return new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["log_line_cost_ns"] = Percentiles.Of(record, 50),
                ["log_line_baseline_buffer_append_ns"] = Percentiles.Of(append, 50),
                ["log_line_background_store_ns"] = Percentiles.Of(store, 50),
                ["log_lines_kept"] = logs.Read("bench", null, 0, 0, false).Count,
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
