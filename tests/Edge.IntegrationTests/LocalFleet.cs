using System.Net.Http.Json;
using System.Text.Json;
using Edge.Protos.V1;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Edge.IntegrationTests;

/// <summary>
/// A controller and agents as real processes on loopback, each with its own
/// data directory under one temporary folder, short timings for tests.
/// </summary>
internal sealed class LocalFleet : IDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private readonly Dictionary<string, ChildProcess> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _statusPorts = new(StringComparer.Ordinal);
    private readonly GrpcChannel _channel;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private ChildProcess? _controller;

    public LocalFleet()
    {
        Dir = Path.Combine(Path.GetTempPath(), "edge-it-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Dir);
        GrpcPort = Ports.Free();
        MqttPort = Ports.Free();
        MetricsPort = Ports.Free();
        _channel = GrpcChannel.ForAddress(ControllerUrl);
        Admin = new AdminService.AdminServiceClient(_channel);
    }

    public string Dir { get; }

    public int GrpcPort { get; }

    public int MqttPort { get; }

    public int MetricsPort { get; }

    public string ControllerUrl => $"http://127.0.0.1:{GrpcPort}";

    public AdminService.AdminServiceClient Admin { get; }

    public ChildProcess Controller => _controller ?? throw new InvalidOperationException("controller not started");

    public ChildProcess Agent(string name) => _agents[name];

    public string AgentDataDir(string name) => Path.Combine(Dir, name);

    public async Task StartControllerAsync(params string[] extra)
    {
        _controller?.Dispose();
        _controller = ChildProcess.Start("controller", Repo.ControllerDll,
        [
            "run",
            "--listen", ControllerUrl,
            "--data-dir", Path.Combine(Dir, "controller"),
            "--grace", Grace.ToString(),
            "--heartbeat", "00:00:00.300",
            "--mqtt-port", MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Controller:LeaseCheckPeriod=00:00:00.100",
            $"--Controller:Telemetry:MetricsListen=http://127.0.0.1:{MetricsPort}",
            .. extra,
        ]);
        await Eventually.Until(async () => (await Admin.ListNodesAsync(new ListNodesRequest(), deadline: Deadline())).Nodes.Count, _ => true,
            TimeSpan.FromSeconds(30), "controller answers ListNodes");
    }

    public void KillController() => _controller?.Kill();

    public ChildProcess StartAgent(string name, string? controllerUrl = null, params string[] extraArgs) =>
        StartAgentWith(name, (args) => ChildProcess.Start(name, Repo.AgentDll, args), controllerUrl, extraArgs);

    /// <summary>Starts an agent from a published executable (the Native AOT build the packages ship).</summary>
    public ChildProcess StartAgentProgram(string name, string program, params string[] extraArgs) =>
        StartAgentWith(name, (args) => ChildProcess.StartProgram(name, program, args), null, extraArgs);

    private ChildProcess StartAgentWith(string name, Func<IEnumerable<string>, ChildProcess> start, string? controllerUrl, string[] extraArgs)
    {
        if (_agents.Remove(name, out var old))
        {
            old.Dispose();
        }

        if (!_statusPorts.TryGetValue(name, out var port))
        {
            port = Ports.Free();
            _statusPorts[name] = port;
        }

        var agent = start(
        [
            "run",
            "--controller", controllerUrl ?? ControllerUrl,
            "--node-name", name,
            "--data-dir", AgentDataDir(name),
            "--status-listen", $"http://127.0.0.1:{port}",
            "--heartbeat", "00:00:00.300",
            "--labels", $"site=test,slot={name}",
            "--set", "Agent:ReconnectMinDelay=00:00:00.100",
            "--set", "Agent:ReconnectMaxDelay=00:00:00.500",
            .. extraArgs.Contains("--telemetry-period") ? extraArgs : ["--telemetry-period", "00:00:00.300", .. extraArgs],
        ]);
        _agents[name] = agent;
        return agent;
    }

    /// <summary>Applies samples/hello to every node.</summary>
    public async Task<ApplyWorkloadResponse> ApplyHelloAsync() =>
        await Admin.ApplyWorkloadAsync(new ApplyWorkloadRequest
        {
            Name = "hello",
            Module = ByteString.CopyFrom(await File.ReadAllBytesAsync(Repo.Sample("hello/hello.wat"))),
        }, deadline: Deadline());

    /// <summary>One workload as the admin API lists it.</summary>
    public async Task<Workload> WorkloadAsync(string name) =>
        (await Admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: Deadline())).Workloads.Single(w => w.Name == name);

    public async Task<IReadOnlyList<Node>> NodesAsync() =>
        (await Admin.ListNodesAsync(new ListNodesRequest(), deadline: Deadline())).Nodes;

    public async Task<Node> NodeAsync(string name) =>
        await Admin.GetNodeAsync(new GetNodeRequest { Name = name }, deadline: Deadline());

    public string AgentStatusUrl(string name) => $"http://127.0.0.1:{_statusPorts[name]}";

    /// <summary>The agent's own view, from its local status API.</summary>
    public async Task<JsonElement> AgentStatusAsync(string name) =>
        await _http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{_statusPorts[name]}/status");

    /// <summary>
    /// Writes a Workload manifest into the fleet's directory and returns its path: the name, the
    /// module (samples/hello unless given) and <paramref name="specLines"/>, lines of spec indented by two spaces.
    /// </summary>
    public async Task<string> WriteWorkloadManifestAsync(string name, string specLines, string? module = null)
    {
        var path = Path.Combine(Dir, $"{name}.yaml");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: edge/v1
            kind: Workload
            metadata:
              name: {name}
            spec:
              module: {module ?? Repo.Sample("hello/hello.wat")}

            """ + specLines + "\n");
        return path;
    }

    /// <summary>Applies samples/echo with edgectl and waits, bounded, until <paramref name="node"/> runs it.</summary>
    public async Task ApplyEchoAsync(string node, TimeSpan bound)
    {
        var (code, output) = await EdgectlAsync("apply", "-f", Repo.Sample("echo/workload.yaml"));
        Assert.That(code, Is.Zero, output);
        await Eventually.Until(() => NodeAsync(node), n => n.Workloads.Any(w => w.Name == "echo" && w.Phase == WorkloadPhase.Running), bound, $"{node} runs echo");
    }

    /// <summary>Runs the real edgectl against this fleet's controller.</summary>
    public async Task<(int Code, string Output)> EdgectlAsync(params string[] args)
    {
        using var ctl = ChildProcess.Start("edgectl", Repo.CtlDll, ["--controller", ControllerUrl, .. args]);
        var code = await ctl.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, ctl.Output);
    }

    /// <summary>The controller's /metrics text.</summary>
    public async Task<string> ControllerMetricsAsync() =>
        await _http.GetStringAsync($"http://127.0.0.1:{MetricsPort}/metrics");

    /// <summary>One unlabelled figure from a Prometheus text.</summary>
    public static double Figure(string metrics, string name) =>
        metrics.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)).Single();

    /// <summary>The agent's local /metrics text.</summary>
    public async Task<string> AgentMetricsAsync(string name) =>
        await _http.GetStringAsync($"http://127.0.0.1:{_statusPorts[name]}/metrics");

    public static bool RunsHello(Node node) =>
        node.Workloads.Any(w => w.Name == "hello" && w.Phase == WorkloadPhase.Running);

    public static DateTime Deadline() => DateTime.UtcNow.AddSeconds(5);

    public void Dispose()
    {
        foreach (var agent in _agents.Values)
        {
            agent.Dispose();
        }

        _controller?.Dispose();
        _channel.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
