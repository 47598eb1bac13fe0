using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Edge.Agent.State;
using Edge.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests.State;

/// <summary>
/// agent.db killed with SIGKILL at random moments while its real access pattern runs in a child
/// process (<see cref="StoreStressChild"/>), then reopened as the agent reopens it: the file opens
/// and holds everything the child saw committed, every sample byte for byte and the counters
/// adding up, or it is moved aside and rebuilt, saying so. Never silently wrong.
/// </summary>
[NonParallelizable]
public sealed class StoreKillTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    [Test]
    public void AgentStore_SigkillMidWriteUnderItsRealAccessPattern_ReopensWithEverythingCommittedOrQuarantined()
    {
        var seed = Environment.TickCount;
        TestContext.Out.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var dir = new TempDirectory();
        var clock = Stopwatch.StartNew();
        var expected = new Committed();
        var (rounds, quarantines, operations) = (0, 0, 0L);
        while (rounds < 3 || (clock.Elapsed < Budget && rounds < 25))
        {
            var after = random.Next(1, 1500);
            var lines = RunAndKill(dir.Path, after);
            operations += lines.Count;
            var errors = lines.Where(l => l.StartsWith("X ", StringComparison.Ordinal)).ToList();
            Assert.That(errors, Is.Empty, $"round {rounds}: a store call failed in the child: {string.Join("; ", errors.Take(3))}");
            expected.Add(lines);

            var store = new AgentStateStore(dir.Path, NullLogger<AgentStateStore>.Instance);
            store.Open(TimeProvider.System);
            using (store)
            {
                if (store.Health.Quarantines > 0)
                {
                    quarantines++;
                    Assert.That(File.Exists(store.Quarantined), Is.True, $"round {rounds}: the damaged file is kept");
                    TestContext.Out.WriteLine($"round {rounds}: quarantined ({store.Health.QuarantineReason})");
                    expected = new Committed(); // a new, empty file: nothing is expected of it
                }
                else
                {
                    AssertHoldsEverythingCommitted(store, expected, $"round {rounds} (killed after {after} lines)");
                }
            }

            rounds++;
        }

        TestContext.Out.WriteLine($"{rounds} SIGKILLs in {clock.Elapsed.TotalSeconds:0.0} s, {operations} committed calls seen, {quarantines} quarantined; last sequence {expected.Enqueued}");
        Assert.That(expected.Enqueued, Is.GreaterThan(0UL), "the child wrote something the last time");
    }

    private static void AssertHoldsEverythingCommitted(AgentStateStore store, Committed expected, string round)
    {
        var figures = store.TelemetryFigures();
        var pending = store.PeekTelemetry(int.MaxValue, long.MaxValue);
        var mismatched = pending.Where(e => !e.Payload.AsSpan().SequenceEqual(StoreStressChild.Payload(e.Sequence))).Select(e => e.Sequence).Take(5).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(figures.LastSequence, Is.GreaterThanOrEqualTo(expected.Enqueued), $"{round}: every acknowledged enqueue is there");
            Assert.That(pending, Is.Not.Empty, $"{round}: the sender keeps a backlog");
            Assert.That(pending[0].Sequence, Is.GreaterThan(expected.Acknowledged), $"{round}: what was acknowledged stays removed");
            Assert.That(pending[^1].Sequence, Is.EqualTo(figures.LastSequence), $"{round}: the last sequence is the newest sample");
            Assert.That(pending.Zip(pending.Skip(1)).All(p => p.Second.Sequence == p.First.Sequence + 1), Is.True, $"{round}: no gap in the outbox");
            Assert.That(mismatched, Is.Empty, $"{round}: payloads byte for byte");
            Assert.That(figures.Acknowledged + figures.Dropped + (ulong)figures.Pending, Is.EqualTo(figures.LastSequence), $"{round}: counters add up");
            Assert.That(figures.Pending, Is.EqualTo(pending.Count), $"{round}: the outbox count matches its documents");
            Assert.That(store.LoadDesired()?.Version ?? 0, Is.GreaterThanOrEqualTo(expected.Desired), $"{round}: the last desired state saved is there");
        });
    }

    /// <summary>Starts the child, waits for <paramref name="afterLines"/> committed calls, SIGKILLs it; returns every line it wrote.</summary>
    private static List<string> RunAndKill(string dir, int afterLines)
    {
        var lines = new ConcurrentQueue<string>();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(StoreStressChild).Assembly.Location, StoreStressChild.Verb, dir })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        using var child = new Process { StartInfo = info };
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue(e.Data);
            }
        };
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue("X stderr: " + e.Data);
            }
        };
        child.Start();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!child.HasExited && lines.Count < afterLines + 1 && DateTime.UtcNow < deadline)
            {
                child.WaitForExit(5);
            }

            Assert.That(child.HasExited, Is.False, "the child runs until killed: " + string.Join("\n", lines.Take(20)));
            Assert.That(lines.Count, Is.GreaterThan(afterLines), $"the child made {afterLines} calls within 60 s");
        }
        finally
        {
            child.Kill(entireProcessTree: true); // SIGKILL
            child.WaitForExit(); // and every line it wrote before
        }

        return [.. lines];
    }

    /// <summary>The highest of each kind of call the child printed as done.</summary>
    private sealed class Committed
    {
        public ulong Enqueued { get; private set; }

        public ulong Acknowledged { get; private set; }

        public long Desired { get; private set; }

        public void Add(IEnumerable<string> lines)
        {
            foreach (var line in lines)
            {
                if (line.Length < 3 || line[1] != ' ')
                {
                    continue;
                }

                var value = line[2..];
                switch (line[0])
                {
                    case 'E': Enqueued = Math.Max(Enqueued, ulong.Parse(value, CultureInfo.InvariantCulture)); break;
                    case 'A': Acknowledged = Math.Max(Acknowledged, ulong.Parse(value, CultureInfo.InvariantCulture)); break;
                    case 'D': Desired = Math.Max(Desired, long.Parse(value, CultureInfo.InvariantCulture)); break;
                }
            }
        }
    }
}
