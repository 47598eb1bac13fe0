using Edge.Agent.State;
using Edge.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests.State;

/// <summary>
/// The agent's state store under its real access pattern, in a process of its own, until it is
/// killed: two samplers enqueue telemetry, a sender peeks and acknowledges, a status reader reads
/// figures and the desired state, the supervisor saves desired states; all through the store's
/// one lock, while LiteDB checkpoints its log into the file as it grows. Each call's success is
/// printed after it returned ("E seq", "A seq", "D version"): what the parent may expect to find
/// after a SIGKILL. A failing call prints "X message".
/// </summary>
internal static class StoreStressChild
{
    public const string Verb = "store-stress-child";

    public static readonly OutboxLimits Limits = new(10_000_000, 1L << 40, TimeSpan.FromDays(3650));

    /// <summary>Payload of a sequence: its length and every byte follow from it, so damage shows.</summary>
    public static byte[] Payload(ulong sequence)
    {
        var bytes = new byte[300 + (int)(sequence % 2500)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((sequence * 31) + (ulong)i);
        }

        return bytes;
    }

    public static int Run(string dir)
    {
        var store = new AgentStateStore(dir, NullLogger<AgentStateStore>.Instance);
        store.Open(TimeProvider.System);
        var output = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true });
        var version = store.LoadDesired()?.Version ?? 0;

        void Loop(Action step) => new Thread(() =>
        {
            while (true)
            {
                try
                {
                    step();
                }
                catch (Exception ex)
                {
                    output.WriteLine($"X {ex.GetType().Name}: {ex.Message}");
                }
            }
        }) { IsBackground = true }.Start();

        for (var i = 0; i < 2; i++)
        {
            Loop(() =>
            {
                var (sequence, _) = store.EnqueueTelemetry(Payload, TimeProvider.System.GetUtcNow(), Limits);
                output.WriteLine($"E {sequence}");
            });
        }

        Loop(() =>
        {
            // Keep a backlog of a few hundred samples, so deletes and inserts share pages.
            var batch = store.PeekTelemetry(50, 1 << 20);
            if (batch.Count > 0 && store.TelemetryFigures().Pending > 300)
            {
                store.AcknowledgeTelemetry(batch[^1].Sequence);
                output.WriteLine($"A {batch[^1].Sequence}");
            }
            else
            {
                store.ReleaseTelemetry();
            }
        });
        Loop(() =>
        {
            _ = store.TelemetryFigures();
            _ = store.LoadDesired();
        });
        Loop(() =>
        {
            var next = Interlocked.Increment(ref version);
            store.SaveDesired(TestModules.State(next, TestModules.Spec("w" + (next % 7), TestModules.Bytes("v" + next))));
            output.WriteLine($"D {next}");
        });

        output.WriteLine("ready");
        using var never = new ManualResetEventSlim();
        never.Wait(); // until the parent's SIGKILL
        return 0;
    }
}
