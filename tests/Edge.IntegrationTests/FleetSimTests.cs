using Edge.FleetSim;
using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>The fleet simulator against a real controller process: the small version of the fleet benchmark.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class FleetSimTests
{
    private const int Nodes = 50;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Test]
    public async Task FiftySimulatedNodes_ReadyRunGlobalWorkloadPublishTelemetry_DisconnectedAfterHardStop()
    {
        using var fleet = new LocalFleet();
        // 20 streams per HTTP/2 connection: the 50 Connect streams need three connections from one channel.
        await fleet.StartControllerAsync("--Controller:Http2MaxStreamsPerConnection=20");
        await using var sim = new SimFleet(Settings(fleet, TimeSpan.FromMilliseconds(300)) with
        {
            Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["site"] = "sim" },
        }, TimeProvider.System);

        await sim.AddAsync(0, Nodes, CancellationToken.None);
        await Eventually.Until(fleet.NodesAsync, ns => ns.Count(n => n.Condition == NodeCondition.Ready) == Nodes, Bound, $"{Nodes} nodes Ready");
        var applied = await fleet.ApplyHelloAsync();
        var running = await Eventually.Until(fleet.NodesAsync,
            ns => ns.Count(n => LocalFleet.RunsHello(n) && n.AppliedVersion == n.DesiredVersion && n.Telemetry is { Sequence: > 0, WorkloadsRunning: 1 }) == Nodes,
            Bound, $"{Nodes} nodes run hello and publish telemetry saying so");
        var workloads = (await fleet.Admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: LocalFleet.Deadline())).Workloads;
        var report = sim.Report();

        var stopped = await sim.StopAsync(0, Nodes);
        var down = await Eventually.Until(fleet.NodesAsync, ns => ns.All(n => n.Condition == NodeCondition.Disconnected),
            LocalFleet.Grace + Bound, $"{Nodes} nodes Disconnected after the hard stop");

        Assert.Multiple(() =>
        {
            Assert.That(running.Select(n => n.Name), Is.EquivalentTo(Enumerable.Range(0, Nodes).Select(i => $"sim-{i:D5}")));
            Assert.That(running.Select(n => n.Facts.Labels["site"]), Is.All.EqualTo("sim"));
            Assert.That(running.SelectMany(n => n.Workloads).Select(w => w.ModuleDigest), Is.All.EqualTo(applied.ModuleDigest));
            Assert.That(applied.NodesTargeted, Is.EqualTo(Nodes));
            Assert.That(workloads.Single().NodesRunning, Is.EqualTo(Nodes));
            Assert.That(report.ModulesFetched, Is.EqualTo(1), "the module is fetched once per process, by digest");
            Assert.That(report.Starts, Is.EqualTo(Nodes));
            Assert.That(report.DuplicateStarts, Is.Zero);
            Assert.That(sim.RunningReportedAt("hello"), Has.Count.EqualTo(Nodes));
            Assert.That(stopped, Is.EqualTo(Nodes));
            Assert.That(down, Has.Count.EqualTo(Nodes));
        });
    }

    [Test]
    public async Task StoppedNodesReturn_AfterDesiredStateChanged_ReconcileWithoutStartingAnythingTwice()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        await using var sim = new SimFleet(Settings(fleet, TimeSpan.FromSeconds(10)), TimeProvider.System);
        await sim.AddAsync(0, 10, CancellationToken.None);
        await fleet.ApplyHelloAsync();
        await Eventually.Until(fleet.NodesAsync, ns => ns.Count(LocalFleet.RunsHello) == 10, Bound, "10 nodes run hello");

        await sim.StopAsync(0, 5);
        await Eventually.Until(fleet.NodesAsync, ns => ns.Count(n => n.Condition == NodeCondition.Disconnected) == 5, LocalFleet.Grace + Bound, "5 nodes Disconnected");
        var changed = await fleet.Admin.ApplyWorkloadAsync(new ApplyWorkloadRequest
        {
            Name = "second",
            Module = Google.Protobuf.ByteString.CopyFrom(await File.ReadAllBytesAsync(Repo.Sample("hello/hello.wat"))),
        }, deadline: LocalFleet.Deadline());
        var restarted = sim.Restart(0, 5);
        var nodes = await Eventually.Until(fleet.NodesAsync,
            ns => ns.All(n => n.Condition == NodeCondition.Ready && n.AppliedVersion == n.DesiredVersion && n.Workloads.Count(w => w.Phase == WorkloadPhase.Running) == 2),
            Bound, "10 nodes Ready, each running hello and second");
        var report = sim.Report();

        Assert.Multiple(() =>
        {
            Assert.That(changed.NodesTargeted, Is.EqualTo(10), "Disconnected nodes are still targeted");
            Assert.That(restarted, Is.EqualTo(5));
            Assert.That(nodes.Select(n => n.Workloads.Select(w => w.Name).Order()), Is.All.EqualTo(new[] { "hello", "second" }));
            Assert.That(report.Starts, Is.EqualTo(20), "each node started each workload once");
            Assert.That(report.DuplicateStarts, Is.Zero);
        });
    }

    [Test]
    public async Task ReplicatedWorkloadAtZero_HeldColdNotStarted_ScaledUpStartsAndCountsRunning()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        await using var sim = new SimFleet(Settings(fleet, TimeSpan.FromSeconds(10)), TimeProvider.System);
        await sim.AddAsync(0, 3, CancellationToken.None);
        await Eventually.Until(fleet.NodesAsync, ns => ns.Count(n => n.Condition == NodeCondition.Ready) == 3, Bound, "3 nodes Ready");
        var request = new ApplyWorkloadRequest
        {
            Name = "burst",
            Module = Google.Protobuf.ByteString.CopyFrom(await File.ReadAllBytesAsync(Repo.Sample("hello/hello.wat"))),
            Mode = WorkloadMode.Replicated,
            Replicas = 0,
        };
        await fleet.Admin.ApplyWorkloadAsync(request, deadline: DateTime.UtcNow.Add(Bound));
        var held = await Eventually.Until(fleet.NodesAsync, ns => ns.Any(n => n.AppliedVersion == n.DesiredVersion && n.Workloads.Any(w => w.Name == "burst")),
            Bound, "a node holds burst cold");
        var cold = await fleet.WorkloadAsync("burst");
        var startsCold = sim.Report().Starts;

        await fleet.Admin.ScaleWorkloadAsync(new ScaleWorkloadRequest { Name = "burst", Replicas = 3 }, deadline: DateTime.UtcNow.Add(Bound));
        var warm = await Eventually.Until(() => fleet.WorkloadAsync("burst"), w => w.ReplicasRunning == 3, Bound, "3 replicas of burst Running at the controller");
        var nodes = await fleet.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(held.SelectMany(n => n.Workloads).Where(w => w.Name == "burst").Select(w => w.Cold), Is.Not.Empty.And.All.True, "held cold, reported so");
            Assert.That(cold.ReplicasRunning, Is.Zero, "a cold hold is no running replica");
            Assert.That(startsCold, Is.Zero, "nothing started while cold");
            Assert.That(warm.ReplicasRunning, Is.EqualTo(3));
            Assert.That(nodes.SelectMany(n => n.Workloads).Where(w => w.Name == "burst").Select(w => w.Cold).ToList(), Has.Count.EqualTo(3).And.All.False);
            Assert.That(sim.Report().Starts, Is.EqualTo(3));
            Assert.That(sim.RunningReportedAt("burst"), Has.Count.EqualTo(3));
        });
    }

    /// <summary>The test controller's short timings; nodes ramp in at 1,000 a second.</summary>
    private static SimSettings Settings(LocalFleet fleet, TimeSpan telemetryPeriod) => new()
    {
        Controller = new Uri(fleet.ControllerUrl),
        HeartbeatPeriod = TimeSpan.FromMilliseconds(300),
        TelemetryPeriod = telemetryPeriod,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        WelcomeTimeout = TimeSpan.FromSeconds(2),
        RampPerSecond = 1000,
    };

    [TestCase(new[] { "--nodes", "10" }, "--controller URL is required")]
    [TestCase(new[] { "--controller", "http://127.0.0.1:7400", "--heartbeat", "soon" }, "--heartbeat 'soon' is not a duration")]
    [TestCase(new[] { "--controller", "127.0.0.1:7400" }, "--controller '127.0.0.1:7400' is not an absolute")]
    [TestCase(new[] { "--controller", "http://127.0.0.1:7400", "--nodes", "-3" }, "--nodes '-3' is not a whole number")]
    [TestCase(new[] { "--controller", "http://127.0.0.1:7400", "--label", "novalue" }, "--label 'novalue' is not KEY=VALUE")]
    [TestCase(new[] { "--controller", "http://127.0.0.1:7400", "--colour", "red" }, "unknown option '--colour'")]
    public async Task SimProgram_BadArgument_ExitsTwoNamingIt(string[] args, string message)
    {
        using var error = new StringWriter();

        var code = await SimProgram.RunAsync(args, new StringReader(""), TextWriter.Null, error);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error.ToString(), Does.Contain(message));
        });
    }

    [Test]
    public async Task ControllerStart_StreamsPerConnectionZero_FailsNamingTheKey()
    {
        using var fleet = new LocalFleet();
        using var controller = ChildProcess.Start("controller", Repo.ControllerDll,
        [
            "run", "--data-dir", Path.Combine(fleet.Dir, "controller"), "--listen", fleet.ControllerUrl,
            "--mqtt-port", fleet.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Controller:Http2MaxStreamsPerConnection=0",
        ]);

        var code = await controller.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(controller.Output, Does.Contain("Controller:Http2MaxStreamsPerConnection must be between 1 and 1,000,000"));
        });
    }
}
