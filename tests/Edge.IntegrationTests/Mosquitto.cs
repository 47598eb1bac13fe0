namespace Edge.IntegrationTests;

/// <summary>
/// Debian's Mosquitto on a free loopback port, with its own config file;
/// restartable on the same port. Sessions persist (saved every second), as
/// docs/telemetry.md asks of an external broker: the controller's shared
/// subscription must outlive a broker restart, or what agents publish before
/// the controller subscribes again has no subscriber and is discarded.
/// </summary>
internal sealed class Mosquitto : IDisposable
{
    private readonly string _config;
    private readonly bool _tls;
    private ChildProcess? _process;

    public Mosquitto(string dir)
        : this(dir, null)
    {
    }

    /// <summary>A broker serving TLS with <paramref name="tls"/>'s certificate and password file, no anonymous clients.</summary>
    public Mosquitto(string dir, TlsBrokerFiles? tls)
    {
        _tls = tls is not null;
        Port = Ports.Free();
        Directory.CreateDirectory(dir);
        _config = Path.Combine(dir, "mosquitto.conf");
        // Run as root, mosquitto would switch to its own user, which cannot write the test's directory.
        File.WriteAllText(_config, $"""
            listener {Port} 127.0.0.1
            allow_anonymous {(tls is null ? "true" : "false")}
            persistence true
            persistence_location {dir}/
            autosave_interval 1
            log_dest stdout
            user {Environment.UserName}
            """ + (tls is null ? "" : $"""

            cafile {tls.CaFile}
            certfile {tls.CertFile}
            keyfile {tls.KeyFile}
            password_file {tls.PasswordFile}
            """));
    }

    public const string Binary = "/usr/sbin/mosquitto";

    public static bool Installed => File.Exists(Binary);

    public int Port { get; }

    public string Uri => $"{(_tls ? "mqtts" : "mqtt")}://127.0.0.1:{Port}";

    public ChildProcess Process => _process ?? throw new InvalidOperationException("mosquitto not started");

    public async Task StartAsync()
    {
        _process?.Dispose();
        if (!File.Exists(Binary))
        {
            Edge.Testing.MissingTool.Skip($"{Binary} is not installed (apt-get install -y mosquitto); .ci/run installs it");
        }

        _process = ChildProcess.StartProgram("mosquitto", Binary, ["-c", _config]);
        await Eventually.Until(() => Task.FromResult(Accepts()), ok => ok, TimeSpan.FromSeconds(20), $"mosquitto listens on {Port}");
    }

    public void Kill() => _process?.Kill();

    public void Dispose() => _process?.Dispose();

    private bool Accepts()
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, Port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
