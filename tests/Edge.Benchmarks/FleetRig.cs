using System.Globalization;
using System.Text.Json;
using Edge.Protos.V1;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Edge.Benchmarks;

/// <summary>
/// A real edge-controller child process on loopback (temp data dir, free
/// ports) and edge-fleetsim child processes holding up to
/// <see cref="NodesPerProcess"/> simulated nodes each, so no process nears
/// the 20,000 open-file limit: the controller holds one MQTT socket per node
/// plus a few HTTP/2 connections, each simulator one MQTT socket per node
/// plus a few HTTP/2 connections.
/// </summary>
internal sealed class FleetRig : IDisposable
{
    public const int NodesPerProcess = 5000;
    public const int StreamsPerConnection = 1000;
    private static readonly string Root = FindRoot();
    private static readonly string Configuration =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private readonly List<ChildLines> _sims = [];
    private readonly GrpcChannel _channel;
    private ChildLines? _controller;

    public FleetRig()
    {
        Dir = Path.Combine(Path.GetTempPath(), "edge-bench-fleet-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Dir);
        GrpcPort = FreePort();
        MqttPort = FreePort();
        _channel = GrpcChannel.ForAddress(ControllerUrl, new GrpcChannelOptions { MaxReceiveMessageSize = 256 * 1024 * 1024 });
        Admin = new AdminService.AdminServiceClient(_channel);
    }

    public string Dir { get; }

    public int GrpcPort { get; }

    public int MqttPort { get; }

    public string ControllerUrl => $"http://127.0.0.1:{GrpcPort}";

    public AdminService.AdminServiceClient Admin { get; }

    public int ControllerPid => (_controller ?? throw new InvalidOperationException("controller not started")).Pid;

    public IReadOnlyList<int> SimPids => [.. _sims.Select(s => s.Pid)];

    /// <summary>Nodes added so far, sim-00000 up.</summary>
    public int Nodes { get; private set; }

    public static string Sample(string relative) => Path.Combine(Root, "samples", relative);

    /// <summary>A path under the repository's root.</summary>
    public static string InRepo(string relative) => Path.Combine(Root, relative);

    public static DateTime Deadline(double seconds = 60) => DateTime.UtcNow.AddSeconds(seconds);

    /// <summary>The controller as shipped (its GC settings, its log level), heartbeat and grace at their defaults.</summary>
    public async Task StartControllerAsync()
    {
        _controller = ChildLines.Start(Built("controller/Edge.Controller", "edge-controller.dll"),
        [
            "run",
            "--listen", ControllerUrl,
            "--data-dir", Path.Combine(Dir, "controller"),
            "--mqtt-port", MqttPort.ToString(CultureInfo.InvariantCulture),
            $"--Controller:Http2MaxStreamsPerConnection={StreamsPerConnection}",
        ], keepLines: false);
        await Poll.UntilAsync(async () => (await Admin.ListNodesAsync(new ListNodesRequest(), deadline: Deadline(5))).Nodes.Count >= 0,
            TimeSpan.FromSeconds(60), "controller answers ListNodes", () => _controller.Tail);
    }

    /// <summary>Adds nodes up to <paramref name="total"/>, filling each simulator process up to its share before starting the next.</summary>
    public async Task GrowToAsync(int total)
    {
        while (Nodes < total)
        {
            var process = Nodes / NodesPerProcess;
            if (process == _sims.Count)
            {
                var sim = ChildLines.Start(Built("tests/Edge.FleetSim", "edge-fleetsim.dll"),
                [
                    "--controller", ControllerUrl,
                    "--prefix", "sim",
                    "--label", "fleet=sim",
                    "--ramp", "500",
                ], keepLines: true);
                await sim.ReadLineAsync("ready", TimeSpan.FromSeconds(30));
                _sims.Add(sim);
            }

            var count = Math.Min(total, (process + 1) * NodesPerProcess) - Nodes;
            await _sims[process].AskAsync($"add {Nodes} {count}", "added", TimeSpan.FromMinutes(5));
            Nodes += count;
        }
    }

    /// <summary>Hard-stops nodes first..first+count-1 (no goodbye on either link); returns how many stopped.</summary>
    public async Task<int> StopAsync(int first, int count) => (await AskAllAsync($"stop {first} {count}", "stopped")).Sum(Number);

    public async Task<int> RestartAsync(int first, int count) => (await AskAllAsync($"start {first} {count}", "started")).Sum(Number);

    /// <summary>The simulators' counters, summed.</summary>
    public async Task<Dictionary<string, long>> ReportAsync()
    {
        var sum = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in await AskAllAsync("report", "report"))
        {
            using var json = JsonDocument.Parse(line["report ".Length..]);
            foreach (var p in json.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
            {
                sum[p.Name] = sum.GetValueOrDefault(p.Name) + p.Value.GetInt64();
            }
        }

        return sum;
    }

    /// <summary>Unix ms at which each node reported the workload Running with its current spec.</summary>
    public async Task<List<long>> RunningReportedAtAsync(string workload) =>
    [
        .. (await AskAllAsync($"running {workload}", $"running {workload}"))
            .SelectMany(l => l.Split(' ', 3).ElementAtOrDefault(2)?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [])
            .Select(t => long.Parse(t, CultureInfo.InvariantCulture)),
    ];

    /// <summary>
    /// Applies samples/hello under <paramref name="name"/> on every node (or as <paramref name="shape"/>
    /// changes the request: a selector, replicas); env RUN makes each call a new spec.
    /// </summary>
    public async Task<ApplyWorkloadResponse> ApplyAsync(string name, string run, Action<ApplyWorkloadRequest>? shape = null)
    {
        var request = new ApplyWorkloadRequest
        {
            Name = name,
            Module = ByteString.CopyFrom(await File.ReadAllBytesAsync(Sample("hello/hello.wat"))),
        };
        request.Env["RUN"] = run;
        shape?.Invoke(request);
        return await Admin.ApplyWorkloadAsync(request, deadline: Deadline(120));
    }

    public async Task DeleteAsync(string name) =>
        await Admin.DeleteWorkloadAsync(new DeleteWorkloadRequest { Name = name }, deadline: Deadline(120));

    public async Task<IReadOnlyList<Node>> NodesAsync() => (await Admin.ListNodesAsync(new ListNodesRequest(), deadline: Deadline())).Nodes;

    public void Dispose()
    {
        foreach (var sim in _sims)
        {
            sim.Dispose();
        }

        _controller?.Dispose();
        _channel.Dispose();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // a temp dir left behind is harmless
        }
    }

    private async Task<string[]> AskAllAsync(string command, string answer) =>
        await Task.WhenAll(_sims.Select(s => s.AskAsync(command, answer, TimeSpan.FromMinutes(2))));

    private static int Number(string line) => int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);

    private static string Built(string project, string dll)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} is not built at {path}; build the solution ({Configuration}) first");
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Edge.sln not found above " + AppContext.BaseDirectory);
    }
}
