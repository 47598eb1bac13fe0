using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>The walking skeleton end to end: real controller, real agents, real Wasmtime, real MQTT.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class FleetTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task LocalFleet_ThreeAgentsAndHello_AllReadyRunningHelloWithTelemetry()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        foreach (var name in new[] { "node-1", "node-2", "node-3" })
        {
            fleet.StartAgent(name);
        }

        var (applyCode, applyOutput) = await fleet.EdgectlAsync("apply", "-f", Repo.Sample("hello/workload.yaml"));
        var applied = (await fleet.Admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: LocalFleet.Deadline())).Workloads.Single();

        var nodes = await Eventually.Until(fleet.NodesAsync,
            ns => ns.Count == 3 && ns.All(n => n.Condition == NodeCondition.Ready && LocalFleet.RunsHello(n) && n.Telemetry is { Sequence: > 0 }),
            Bound, "3 nodes Ready, running hello, with telemetry");
        var (listCode, listJson) = await fleet.EdgectlAsync("nodes", "list", "-o", "json");
        using var listed = System.Text.Json.JsonDocument.Parse(listJson);
        var items = listed.RootElement.GetProperty("items").EnumerateArray().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(applyCode, Is.Zero, applyOutput);
            Assert.That(applyOutput, Does.Contain("workload/hello configured"));
            Assert.That(listCode, Is.Zero);
            Assert.That(items.Select(i => i.GetProperty("status").GetString()), Is.EqualTo(new[] { "Ready", "Ready", "Ready" }));
            Assert.That(items.Select(i => i.GetProperty("workloads")[0].GetProperty("phase").GetString()), Is.All.EqualTo("Running"));
            Assert.That(applied.ModuleDigest, Does.StartWith("sha256:"));
            Assert.That(nodes.Select(n => n.Name), Is.EquivalentTo(new[] { "node-1", "node-2", "node-3" }));
            Assert.That(nodes.SelectMany(n => n.Workloads).Select(w => w.ModuleDigest), Is.All.EqualTo(applied.ModuleDigest));
            Assert.That(nodes.Select(n => n.Facts.Labels["site"]), Is.All.EqualTo("test"));
            Assert.That(nodes.Select(n => n.Telemetry.MemoryTotalBytes), Is.All.GreaterThan(0));
            Assert.That(nodes.Select(n => n.AppliedVersion), Is.EqualTo(nodes.Select(n => n.DesiredVersion)));
            Assert.That(fleet.Agent("node-1").OutputContains("hello from edge"), Is.True, "the module's stdout reaches the agent's log");
        });
    }

    [Test]
    public async Task AgentKilled_DisconnectedWithinGrace_RunsFromLocalStateWithoutController_ReconnectsWhenBack()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        await fleet.ApplyHelloAsync();
        await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Condition == NodeCondition.Ready && LocalFleet.RunsHello(n), Bound, "node-1 runs hello");

        // SIGKILL the agent: no goodbye is sent, the lease must run out.
        fleet.Agent("node-1").Kill();
        var killedAt = DateTime.UtcNow;
        var down = await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Condition == NodeCondition.Disconnected,
            LocalFleet.Grace + TimeSpan.FromSeconds(5), "node-1 Disconnected after its grace");
        var noticedAfter = DateTime.UtcNow - killedAt;

        // The controller dies too; the agent restarts alone and runs its workload from LiteDB.
        fleet.KillController();
        fleet.StartAgent("node-1");
        var local = await Eventually.Until(() => fleet.AgentStatusAsync("node-1"),
            s => s.GetProperty("workloads").EnumerateArray().Any(w => w.GetProperty("name").GetString() == "hello" && w.GetProperty("phase").GetString() == "Running"),
            Bound, "node-1 runs hello from its local state");

        // The controller comes back on the same address and store; the agent finds it.
        await fleet.StartControllerAsync();
        var back = await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Condition == NodeCondition.Ready && LocalFleet.RunsHello(n),
            Bound, "node-1 Ready again after the controller returns");

        Assert.Multiple(() =>
        {
            Assert.That(down.Condition, Is.EqualTo(NodeCondition.Disconnected));
            Assert.That(noticedAfter, Is.GreaterThanOrEqualTo(LocalFleet.Grace - TimeSpan.FromMilliseconds(500)), "not before the grace ran out");
            Assert.That(local.GetProperty("controllerConnected").GetBoolean(), Is.False);
            Assert.That(fleet.Agent("node-1").OutputContains("from local state") || fleet.Agent("node-1").OutputContains("without waiting for the controller"), Is.True);
            Assert.That(back.AppliedVersion, Is.EqualTo(back.DesiredVersion));
        });
    }

    [Test]
    public async Task CorruptAgentStateFile_MovedAsideWithError_AgentRunsAndGetsStateAgain()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        await fleet.ApplyHelloAsync();
        var dataDir = fleet.AgentDataDir("node-1");
        Directory.CreateDirectory(dataDir);
        var garbage = new byte[16384];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(Path.Combine(dataDir, "agent.db"), garbage);

        var agent = fleet.StartAgent("node-1");
        var node = await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Condition == NodeCondition.Ready && LocalFleet.RunsHello(n), Bound, "node-1 runs hello");
        var status = await fleet.AgentStatusAsync("node-1");

        Assert.Multiple(() =>
        {
            Assert.That(agent.HasExited, Is.False);
            Assert.That(agent.OutputContains("is unreadable"), Is.True, "the log names the problem");
            Assert.That(status.GetProperty("quarantinedStateFile").GetString(), Does.Contain("agent.db.corrupt-"));
            Assert.That(File.Exists(status.GetProperty("quarantinedStateFile").GetString()), Is.True, "the bad file is kept for inspection");
            Assert.That(node.AppliedVersion, Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task UnreachableController_AgentKeepsRunning_AndSaysWhy()
    {
        using var fleet = new LocalFleet(); // the controller is never started
        var agent = fleet.StartAgent("node-1");

        var status = await Eventually.Until(() => fleet.AgentStatusAsync("node-1"),
            s => s.GetProperty("controllerError").GetString() is { Length: > 0 } e && e != "not connected yet",
            Bound, "the agent reports why it cannot reach the controller");
        await Eventually.Until(() => agent.OutputContains("unreachable"), Bound, "the log says the controller is unreachable");

        Assert.Multiple(() =>
        {
            Assert.That(agent.HasExited, Is.False);
            Assert.That(status.GetProperty("controllerConnected").GetBoolean(), Is.False);
            Assert.That(agent.Output, Does.Contain(fleet.ControllerUrl), "the log names the address it tried");
        });
    }

    [TestCase("--heartbeat", "soon", "Agent:HeartbeatPeriod")]
    [TestCase("--controller", "not a url", "Agent:Controller")]
    [TestCase("--node-name", "Bad_Name", "Agent:NodeName")]
    [TestCase("--labels", "novalue", "--labels")]
    [TestCase("--set", "Agent:ReconnectMinDelay=never", "Agent:ReconnectMinDelay")]
    public async Task AgentInvalidConfig_StopsStartup_NamingTheKey(string option, string value, string named)
    {
        using var fleet = new LocalFleet();
        var agent = ChildProcess.Start("agent", Repo.AgentDll,
            ["run", "--data-dir", fleet.AgentDataDir("bad"), "--status-listen", $"http://127.0.0.1:{Ports.Free()}", option, value]);
        using (agent)
        {
            var code = await agent.WaitForExitAsync(Bound);

            Assert.Multiple(() =>
            {
                Assert.That(code, Is.Not.Zero);
                Assert.That(agent.Output, Does.Contain(named));
            });
        }
    }

    [TestCase("--grace", "00:00:00", "Controller:NodeGracePeriod")]
    [TestCase("--listen", "ftp://x", "Controller:Listen")]
    [TestCase("--bogus", "1", "--bogus")]
    public async Task ControllerInvalidConfig_StopsStartup_NamingTheKey(string option, string value, string named)
    {
        using var fleet = new LocalFleet();
        var controller = ChildProcess.Start("controller", Repo.ControllerDll,
            ["run", "--data-dir", Path.Combine(fleet.Dir, "c"), "--mqtt-port", Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture), option, value]);
        using (controller)
        {
            var code = await controller.WaitForExitAsync(Bound);

            Assert.Multiple(() =>
            {
                Assert.That(code, Is.Not.Zero);
                Assert.That(controller.Output, Does.Contain(named));
            });
        }
    }
}
