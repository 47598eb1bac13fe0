using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Edge.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Edge.IntegrationTests.Identity;

/// <summary>
/// A controller in mtls mode as a real process on loopback, with its admin
/// token and CA read from its data dir, and helpers to enroll real agents.
/// </summary>
internal sealed class SecureFleet : IDisposable
{
    private readonly List<ChildProcess> _processes = [];
    private readonly List<GrpcChannel> _channels = [];
    private ChildProcess? _controller;

    public SecureFleet()
    {
        Dir = Path.Combine(Path.GetTempPath(), "edge-id-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Dir);
        GrpcPort = Ports.Free();
        MqttPort = Ports.Free();
        MqttTlsPort = Ports.Free();
        MetricsPort = Ports.Free();
    }

    public string Dir { get; }

    public int GrpcPort { get; }

    /// <summary>The plain port: served only when the test asks for the loopback plain listener.</summary>
    public int MqttPort { get; }

    /// <summary>The embedded broker's TLS port (node client certificates).</summary>
    public int MqttTlsPort { get; }

    /// <summary>The controller's /metrics port (HTTP/1.1).</summary>
    public int MetricsPort { get; }

    public string ControllerUrl => $"https://127.0.0.1:{GrpcPort}";

    public string ControllerDataDir => Path.Combine(Dir, "controller");

    public X509Certificate2 Ca { get; private set; } = null!;

    public string AdminToken { get; private set; } = "";

    public ChildProcess Controller => _controller!;

    public void StopController() => _controller?.Kill();

    public async Task StartControllerAsync(params string[] extra)
    {
        _controller = ChildProcess.Start("controller", Repo.ControllerDll,
        [
            "run",
            "--security", "mtls",
            "--listen", ControllerUrl,
            "--data-dir", ControllerDataDir,
            "--grace", "00:00:02",
            "--heartbeat", "00:00:00.300",
            "--mqtt-port", MqttPort.ToString(CultureInfo.InvariantCulture),
            "--mqtt-tls-port", MqttTlsPort.ToString(CultureInfo.InvariantCulture),
            $"--Controller:Telemetry:MetricsListen=http://127.0.0.1:{MetricsPort}",
            "--Controller:LeaseCheckPeriod=00:00:00.100",
            .. extra,
        ]);
        _processes.Add(_controller);
        var tokenFile = Path.Combine(ControllerDataDir, "pki", "admin.token");
        await Eventually.Until(() => File.Exists(tokenFile) && File.ReadAllText(tokenFile).Trim().Length > 0, TimeSpan.FromSeconds(30), "controller writes its admin token");
        AdminToken = (await File.ReadAllTextAsync(tokenFile)).Trim();
        Ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(ControllerDataDir, "pki", "ca.crt")));
        await Eventually.Until(async () => (await Admin().ListNodesAsync(new ListNodesRequest(), Call(AdminToken))).Nodes.Count, _ => true,
            TimeSpan.FromSeconds(30), "controller answers ListNodes over TLS");
    }

    /// <summary>The controller's /metrics text.</summary>
    public async Task<string> MetricsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync($"http://127.0.0.1:{MetricsPort}/metrics");
    }

    /// <summary>Runs the real edgectl with this controller's generated config (fleet-admin).</summary>
    public async Task<(int Code, string Output)> EdgectlAsync(params string[] args)
    {
        using var ctl = ChildProcess.Start("edgectl", Repo.CtlDll, args,
            new Dictionary<string, string> { ["EDGECONFIG"] = Path.Combine(ControllerDataDir, "edgectl.yaml") });
        var code = await ctl.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, ctl.Output);
    }

    /// <summary>A channel trusting the fleet CA, showing <paramref name="client"/> when given.</summary>
    public GrpcChannel Channel(X509Certificate2? client = null)
    {
        var handler = new SocketsHttpHandler();
        var ca = Ca;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        };
        if (client is not null)
        {
            handler.SslOptions.ClientCertificates = [client];
        }

        var channel = GrpcChannel.ForAddress(ControllerUrl, new GrpcChannelOptions { HttpHandler = handler });
        _channels.Add(channel);
        return channel;
    }

    public AdminService.AdminServiceClient Admin() => new(Channel());

    public IdentityAdminService.IdentityAdminServiceClient IdentityAdmin() => new(Channel());

    public static CallOptions Call(string? bearer = null, string? tenant = null)
    {
        var headers = new Metadata();
        if (bearer is not null)
        {
            headers.Add("authorization", $"Bearer {bearer}");
        }

        if (tenant is not null)
        {
            headers.Add("x-edge-tenant", tenant);
        }

        return new CallOptions(headers, DateTime.UtcNow.AddSeconds(10));
    }

    public async Task<string> CreateTokenAsync(long ttlSeconds = 3600, int uses = 1) =>
        (await IdentityAdmin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest { TtlSeconds = ttlSeconds, Uses = uses }, Call(AdminToken))).Token;

    public string AgentDir(string node) => Path.Combine(Dir, node);

    /// <summary>Runs the real edge-agent enroll; returns its exit code and output.</summary>
    public async Task<(int Code, string Output)> EnrollAsync(string node, params string[] how)
    {
        using var enroll = ChildProcess.Start($"enroll-{node}", Repo.AgentDll, ["enroll", "--node-name", node, "--data-dir", AgentDir(node), .. how]);
        var code = await enroll.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, enroll.Output);
    }

    public Task<(int Code, string Output)> EnrollWithTokenAsync(string node, string token) =>
        EnrollAsync(node, "--controller", ControllerUrl, "--token", token);

    /// <summary>The node's certificate with its key, as the agent stored it.</summary>
    public X509Certificate2 NodeCertificate(string node)
    {
        var identity = Path.Combine(AgentDir(node), "identity");
        using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(identity, "node.crt"), Path.Combine(identity, "node.key"));
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public ChildProcess StartAgent(string node) => StartAgent(node, Ports.Free());

    public ChildProcess StartAgent(string node, int statusPort, params string[] extra)
    {
        var agent = ChildProcess.Start(node, Repo.AgentDll,
        [
            "run",
            "--data-dir", AgentDir(node),
            "--status-listen", $"http://127.0.0.1:{statusPort}",
            "--heartbeat", "00:00:00.300",
            "--telemetry-period", "00:00:00.300",
            "--set", "Agent:ReconnectMinDelay=00:00:00.100",
            "--set", "Agent:ReconnectMaxDelay=00:00:00.500",
            .. extra,
        ]);
        _processes.Add(agent);
        return agent;
    }

    public async Task<IReadOnlyList<Node>> NodesAsync() =>
        (await Admin().ListNodesAsync(new ListNodesRequest(), Call(AdminToken))).Nodes;

    /// <summary>Opens Connect with a client certificate and sends hello for <paramref name="claimedName"/>; returns the first answer or throws.</summary>
    public async Task<ControllerMessage> HelloAsync(X509Certificate2? client, string claimedName)
    {
        var agent = new AgentService.AgentServiceClient(Channel(client));
        using var call = agent.Connect(deadline: DateTime.UtcNow.AddSeconds(10));
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = new Hello { Facts = new NodeFacts { Name = claimedName, Arch = "x64", Os = "linux", CpuMillicores = 1000, MemoryBytes = 1L << 30 } } });
        if (!await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            throw new InvalidOperationException("the controller ended the stream without an answer");
        }

        return call.ResponseStream.Current;
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        foreach (var process in _processes)
        {
            process.Dispose();
        }

        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
