namespace Edge.IntegrationTests;

/// <summary>Debian's Mosquitto on a free loopback port, with its own config file; restartable on the same port.</summary>
internal sealed class Mosquitto : IDisposable
{
    private readonly string _config;
    private ChildProcess? _process;

    public Mosquitto(string dir)
    {
        Port = Ports.Free();
        Directory.CreateDirectory(dir);
        _config = Path.Combine(dir, "mosquitto.conf");
        File.WriteAllText(_config, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            persistence false
            log_dest stdout
            """);
    }

    public const string Binary = "/usr/sbin/mosquitto";

    public static bool Installed => File.Exists(Binary);

    public int Port { get; }

    public string Uri => $"mqtt://127.0.0.1:{Port}";

    public ChildProcess Process => _process ?? throw new InvalidOperationException("mosquitto not started");

    public async Task StartAsync()
    {
        _process?.Dispose();
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
