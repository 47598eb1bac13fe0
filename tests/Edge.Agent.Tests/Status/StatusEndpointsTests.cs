using System.Text.Json;
using Edge.Agent.Connection;
using Edge.Agent.Hosting;
using Edge.Agent.State;
using Edge.Agent.Status;
using Edge.Agent.Tests.Support;
using Edge.Agent.Workloads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Status;

public sealed class StatusEndpointsTests
{
    private static readonly DateTimeOffset Now = new(2025, 2, 3, 4, 5, 6, TimeSpan.Zero);
    private TempDirectory _dir = null!;
    private FakeTimeProvider _time = null!;
    private AgentStateStore _store = null!;
    private FakeModuleSource _source = null!;
    private WorkloadSupervisor _supervisor = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDirectory();
        _time = new FakeTimeProvider(Now);
        _store = new AgentStateStore(_dir.Path, NullLogger<AgentStateStore>.Instance);
        _store.Open(_time);
        _source = new FakeModuleSource();
        _supervisor = new WorkloadSupervisor(
            new FakeWorkloadRuntime(_time), new ModuleCache(_dir.Path), _store, _source, _time, NullLogger<WorkloadSupervisor>.Instance);
    }

    [TearDown]
    public void TearDown()
    {
        _supervisor.Dispose();
        _store.Dispose();
        _dir.Dispose();
    }

    [Test]
    public void Build_NothingApplied_ReportsNotConnectedAndNoWorkloads()
    {
        var view = StatusEndpoints.Build(Options(), new AgentStatusBoard(), _supervisor, _store);

        Assert.That(view.Node, Is.EqualTo("n1"));
        Assert.That(view.Controller, Is.EqualTo("http://c:7400"));
        Assert.That(view.ControllerConnected, Is.False);
        Assert.That(view.ControllerError, Is.EqualTo("not connected yet"));
        Assert.That(view.AppliedVersion, Is.Zero);
        Assert.That(view.StateFile, Is.EqualTo(_store.Path));
        Assert.That(view.QuarantinedStateFile, Is.Null);
        Assert.That(view.Workloads, Is.Empty);
    }

    [Test]
    public async Task Build_AfterApply_ReportsBoardVersionAndWorkloads()
    {
        var running = TestModules.Bytes("running");
        _source.Serve(running);
        var board = new AgentStatusBoard();
        board.ControllerUp(Now, "mqtt://b:1883");
        board.MqttState(true);
        await _supervisor.ApplyAsync(
            TestModules.State(4, TestModules.Spec("web", running), TestModules.Spec("api", TestModules.Bytes("never served"))),
            "test", persist: false, CancellationToken.None);

        var view = StatusEndpoints.Build(Options(), board, _supervisor, _store);

        Assert.That(view.ControllerConnected, Is.True);
        Assert.That(view.ControllerError, Is.Empty);
        Assert.That(view.LastControllerContact, Is.EqualTo(Now));
        Assert.That(view.MqttConnected, Is.True);
        Assert.That(view.AppliedVersion, Is.EqualTo(4));
        Assert.That(view.Workloads.Select(w => (w.Name, w.Phase)), Is.EqualTo(new[] { ("api", "Pending"), ("web", "Running") }));
    }

    [Test]
    public async Task Build_WithWorkloadFigures_ShowsCpuAndMemoryOfEachWorkload()
    {
        var running = TestModules.Bytes("running");
        _source.Serve(running);
        await _supervisor.ApplyAsync(TestModules.State(1, TestModules.Spec("web", running)), "test", persist: false, CancellationToken.None);
        var figures = new FakeWorkloadMetrics();
        figures.Current.Add(new Core.WorkloadMetrics
        {
            Name = "web",
            CpuTime = TimeSpan.FromSeconds(2),
            Memory = new Core.MemoryReading(1, 131_072, 0, TimeSpan.Zero, 131_072),
        });

        var web = StatusEndpoints.Build(Options(), new AgentStatusBoard(), _supervisor, _store, figures).Workloads.Single();

        Assert.That((web.CpuSeconds, web.MemoryBytes), Is.EqualTo(((double?)2.0, (long?)131_072)));
        Assert.That(figures.Intervals, Is.Zero, "status does not restart the telemetry interval");
    }

    [Test]
    public void Build_View_SerializesAsCamelCaseJson()
    {
        var view = StatusEndpoints.Build(Options(), new AgentStatusBoard(), _supervisor, _store);

        var json = JsonSerializer.Serialize(view, StatusJsonContext.Default.AgentStatusView);

        using var doc = JsonDocument.Parse(json);
        Assert.That(doc.RootElement.GetProperty("node").GetString(), Is.EqualTo("n1"));
        Assert.That(doc.RootElement.GetProperty("appliedVersion").GetInt64(), Is.Zero);
        Assert.That(doc.RootElement.GetProperty("workloads").GetArrayLength(), Is.Zero);
    }

    private static AgentOptions Options() => new() { NodeName = "n1", Controller = "http://c:7400" };
}
