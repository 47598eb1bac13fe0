using System.Net;
using System.Net.Sockets;

namespace Edge.IntegrationTests;

/// <summary>
/// A TCP relay between agents and a broker on loopback. While holding, it
/// forwards the agents' bytes to the broker but drops the broker's answers:
/// a publish is delivered and ingested, its PUBACK never arrives. When the
/// broker side closes, the agent side is closed too. While cut, the broker is
/// unreachable through it: open connections are closed and new ones closed at once.
/// </summary>
internal sealed class AckSwallowingRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _upstream;
    private volatile bool _holding;
    private volatile bool _cut;
    private CancellationTokenSource _connections = new();
    private long _swallowed;

    public AckSwallowingRelay(int upstreamPort)
    {
        _upstream = upstreamPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>Bytes from the broker dropped while holding.</summary>
    public long Swallowed => Interlocked.Read(ref _swallowed);

    public void Hold() => _holding = true;

    public void Release() => _holding = false;

    /// <summary>Closes every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        Interlocked.Exchange(ref _connections, new CancellationTokenSource()).Cancel();
    }

    public void Restore() => _cut = false;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient agent;
            try
            {
                agent = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(agent);
        }
    }

    private async Task RelayAsync(TcpClient agent)
    {
        using var _ = agent;
        if (_cut)
        {
            return;
        }

        using var broker = new TcpClient();
        try
        {
            await broker.ConnectAsync(IPAddress.Loopback, _upstream, _stop.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return; // broker down: the agent sees its connection closed and retries
        }

        using var both = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, Volatile.Read(ref _connections).Token);
        var up = PumpAsync(agent.GetStream(), broker.GetStream(), swallow: false, both.Token);
        var down = PumpAsync(broker.GetStream(), agent.GetStream(), swallow: true, both.Token);
        await Task.WhenAny(up, down);
        await both.CancelAsync();
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool swallow, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReadAsync(buffer, ct);
                if (n == 0)
                {
                    return;
                }

                if (swallow && _holding)
                {
                    Interlocked.Add(ref _swallowed, n);
                    continue;
                }

                await to.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
