using Edge.Testing;
using System.Diagnostics;
using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>
/// Damaged agent state files heal or say so, node health conditions follow a real cause, and
/// SIGTERM stops both processes promptly with their stores reopening cleanly: real controller,
/// real agents killed with SIGKILL, real LiteDB files damaged on disk.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class StoreRecoveryTests
{
    private const int PageSize = 8192;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task AgentDb_TruncatedOrOverwrittenTwentyTimes_EachQuarantinedRunningAndShown()
    {
        var seed = Environment.TickCount;
        TestContext.Out.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("n1");
        await fleet.ApplyHelloAsync();
        await Eventually.Until(() => fleet.NodeAsync("n1"), n => LocalFleet.RunsHello(n) && n.Telemetry is not null, Bound, "n1 runs hello with telemetry");
        var dbPath = Path.Combine(fleet.AgentDataDir("n1"), "agent.db");
        var asideBefore = 0;

        for (var round = 0; round < 20; round++)
        {
            var truncate = round % 2 == 0;

            // SIGKILL leaves recent writes in agent-log.db; a start merges them into agent.db (the
            // state, the outbox's samples), so the damage below hits a file that holds them.
            fleet.Agent("n1").Kill();
            fleet.StartAgent("n1");
            await Eventually.Until(() => fleet.NodeAsync("n1"), n => n.Store is { Quarantines: 0 } && LocalFleet.RunsHello(n), Bound, $"round {round}: n1 back before the damage");
            fleet.Agent("n1").Kill();
            var damage = truncate ? Truncate(dbPath, random) : Overwrite(dbPath, random);
            TestContext.Out.WriteLine($"round {round}: {damage}");
            var restartedAt = DateTimeOffset.UtcNow;
            var agent = fleet.StartAgent("n1");

            var node = await Eventually.Until(
                () => fleet.NodeAsync("n1"),
                n => n.Store is { Quarantines: 1 } && LocalFleet.RunsHello(n) && n.Telemetry?.SampledAt?.ToDateTimeOffset() > restartedAt,
                Bound,
                $"round {round} ({damage}): n1 quarantined, runs hello, telemetry after the restart");

            var aside = Directory.GetFiles(fleet.AgentDataDir("n1"), "agent.db.corrupt-*").Where(f => !f.EndsWith("-log", StringComparison.Ordinal)).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(node.Store.QuarantinedTo, Does.StartWith(dbPath + ".corrupt-"), damage);
                Assert.That(File.Exists(node.Store.QuarantinedTo), Is.True, "the damaged file is kept");
                Assert.That(aside, Has.Count.EqualTo(asideBefore + 1), "one more file moved aside");
                Assert.That(agent.Output.Split('\n').Count(l => l.Contains("is unreadable", StringComparison.Ordinal)), Is.EqualTo(1), "logged once");
            });
            asideBefore = aside.Count;

            if (round is 0 or 19)
            {
                var (code, text) = await fleet.EdgectlAsync("nodes", "get", "n1");
                Assert.That(code, Is.Zero, text);
                Assert.That(text, Does.Contain("Agent Store:").And.Contain("damaged file kept as " + node.Store.QuarantinedTo), text);
                var metrics = await fleet.AgentMetricsAsync("n1");
                Assert.That(LocalFleet.Figure(metrics, "edge_agent_store_quarantines_total"), Is.EqualTo(1));
                var controller = await fleet.ControllerMetricsAsync();
                Assert.That(controller, Does.Contain("edge_node_store_quarantines{node=\"n1\"} 1"));
            }
        }
    }

    [Test]
    public async Task AgentStateFile_ImmutableThenWritable_StoreFailedAndTelemetryStalledRaisedThenCleared()
    {
        MissingTool.Require(ImmutableFiles.Available(), ImmutableFiles.Requirement);

        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync("--Controller:Health:TelemetryStalledAfter=00:00:03", "--Controller:Health:NotApplyingAfter=00:00:03");
        fleet.StartAgent("n1");
        await fleet.ApplyHelloAsync();
        await Eventually.Until(() => fleet.NodeAsync("n1"), n => LocalFleet.RunsHello(n) && n.Telemetry is not null && n.HealthConditions.Count == 0, Bound, "n1 healthy");
        var files = new[] { "agent.db", "agent-log.db" }.Select(f => Path.Combine(fleet.AgentDataDir("n1"), f)).Where(File.Exists).ToArray();
        try
        {
            ImmutableFiles.Chattr("+i", files); // the device's state file refuses writes, as a file system remounted read-only
            var failed = await Eventually.Until(
                () => fleet.NodeAsync("n1"),
                n => n.HealthConditions.Any(c => c.Type == "StoreFailed") && n.HealthConditions.Any(c => c.Type == "TelemetryStalled"),
                Bound,
                "StoreFailed and TelemetryStalled raised");
            Assert.That(failed.HealthConditions.First(c => c.Type == "StoreFailed").Message, Is.Not.Empty);
            var (code, list) = await fleet.EdgectlAsync("nodes", "list");
            Assert.That(code, Is.Zero, list);
            Assert.That(list, Does.Match(@"n1\s+NotReady,[A-Za-z,]*StoreFailed"), list);
            var (_, get) = await fleet.EdgectlAsync("nodes", "get", "n1");
            Assert.That(get, Does.Contain("StoreFailed").And.Contain("AgentStateFileFailing"), get);
            var (_, explain) = await fleet.EdgectlAsync("explain", "workload", "hello");
            Assert.That(explain, Does.Contain("node n1 is not Ready"), explain);
            Assert.That(await fleet.ControllerMetricsAsync(), Does.Contain("edge_node_health_condition{node=\"n1\",condition=\"StoreFailed\"} 1"));
        }
        finally
        {
            ImmutableFiles.Chattr("-i", files);
        }

        await Eventually.Until(() => fleet.NodeAsync("n1"), n => n.HealthConditions.Count == 0 && LocalFleet.RunsHello(n), Bound, "conditions cleared once the file is writable");
        Assert.That(await fleet.ControllerMetricsAsync(), Does.Contain("edge_node_health_condition{node=\"n1\",condition=\"StoreFailed\"} 0"));
    }

    [Test]
    public async Task Sigterm_ControllerAndAgent_ExitWithinFiveSecondsAndStoresReopenCleanly()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("n1");
        await fleet.ApplyHelloAsync();
        await Eventually.Until(() => fleet.NodeAsync("n1"), n => LocalFleet.RunsHello(n) && n.Telemetry is not null, Bound, "n1 runs hello with telemetry");

        var clock = Stopwatch.StartNew();
        fleet.Controller.Terminate();
        var controllerCode = await fleet.Controller.WaitForExitAsync(Bound);
        var controllerStop = clock.Elapsed;
        clock.Restart();
        fleet.Agent("n1").Terminate();
        var agentCode = await fleet.Agent("n1").WaitForExitAsync(Bound);
        var agentStop = clock.Elapsed;
        TestContext.Out.WriteLine($"SIGTERM to exit: controller {controllerStop.TotalSeconds:0.00} s, agent {agentStop.TotalSeconds:0.00} s");
        Assert.Multiple(() =>
        {
            Assert.That(controllerCode, Is.Zero);
            Assert.That(agentCode, Is.Zero);
            Assert.That(controllerStop, Is.LessThan(TimeSpan.FromSeconds(5)), "the controller's bound");
            Assert.That(agentStop, Is.LessThan(TimeSpan.FromSeconds(5)), "the agent's bound");
        });

        await fleet.StartControllerAsync();
        fleet.StartAgent("n1");
        var node = await Eventually.Until(() => fleet.NodeAsync("n1"), n => LocalFleet.RunsHello(n) && n.Store is not null, Bound, "n1 back");
        Assert.Multiple(() =>
        {
            Assert.That(node.Store.Quarantines, Is.Zero, "agent.db reopened as it was");
            Assert.That(Directory.GetFiles(fleet.Dir, "*.corrupt-*", SearchOption.AllDirectories), Is.Empty);
            Assert.That(fleet.Controller.OutputContains("unreadable"), Is.False);
        });
    }

    private static string Truncate(string path, Random random)
    {
        var length = new FileInfo(path).Length;
        long offset;
        do
        {
            offset = random.NextInt64(1, length);
        }
        while (offset % PageSize == 0);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(offset);
        }

        return $"truncated {length} bytes to {offset}";
    }

    /// <summary>Random bytes over the start of a random page (its id and type): never the same bytes as before.</summary>
    private static string Overwrite(string path, Random random)
    {
        var bytes = File.ReadAllBytes(path);
        var page = random.Next(0, bytes.Length / PageSize);
        var offset = (page * PageSize) + random.Next(0, 4);
        var length = random.Next(2, 16);
        var original = bytes.AsSpan(offset, length).ToArray();
        var replacement = new byte[length];
        do
        {
            random.NextBytes(replacement);
        }
        while (replacement.AsSpan().SequenceEqual(original) || replacement[0] == original[0]);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Position = offset;
            file.Write(replacement);
        }

        return $"overwrote {length} bytes at {offset} (page {page}) of {bytes.Length}";
    }
}
