using System.ComponentModel;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace Edge.Controller.Telemetry;

/// <summary>
/// One listening socket of the embedded broker, plain or TLS, in place of
/// MQTTnet's own: it requires and checks the client certificate in the TLS
/// handshake (mtls), bounds the handshake in time, and puts a
/// <see cref="PacketSizeGuardStream"/> under the MQTT reader, which MQTTnet's
/// listener cannot (it reads any packet whole, up to 256 MB, before an
/// interceptor sees it).
/// </summary>
internal sealed class BrokerListener(
    IPAddress address,
    int port,
    int maxPacketBytes,
    BrokerRefusals refusals,
    X509Certificate2? serverCertificate = null,
    X509Certificate2? clientCa = null,
    Func<X509Certificate2, string?>? clientCheck = null) : IMqttServerAdapter
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task? _accepting;
    private IMqttNetLogger _logger = MqttNetNullLogger.Instance;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public bool Tls => serverCertificate is not null;

    /// <summary>The port listened on (the one the OS chose for port 0).</summary>
    public int Port { get; private set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _logger = logger;
        _listener = new TcpListener(address, port);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port; // the one the OS chose for port 0
        _accepting = Task.Run(() => AcceptAsync(options, _stop.Token));
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return; // disposed by its broker and by the container: the second must not touch the disposed source
        }

        _stop.Cancel();
        _listener?.Stop();
        _stop.Dispose();
    }

    private int _disposed;

    private async Task AcceptAsync(MqttServerOptions options, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || ct.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // the peer went away between SYN and accept
            }

            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket, options, ct), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket socket, MqttServerOptions options, CancellationToken ct)
    {
        var remote = socket.RemoteEndPoint;
        var local = socket.LocalEndPoint;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            X509Certificate2? client = null;
            if (serverCertificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                string? refusal = null;
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
                bound.CancelAfter(HandshakeTimeout);
                try
                {
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = SslStreamCertificateContext.Create(serverCertificate, clientCa is null ? null : [clientCa], offline: true),
                        ClientCertificateRequired = clientCheck is not null,
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                        RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                        {
                            if (clientCheck is null)
                            {
                                return true;
                            }

                            if (certificate is null)
                            {
                                refusal = "no client certificate (this listener admits enrolled nodes by their certificate)";
                                return false;
                            }

                            using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                            refusal = clientCheck(presented);
                            return refusal is null;
                        },
                    }, bound.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or Win32Exception)
                {
                    refusals.Refuse(BrokerRefusals.TlsHandshake, remote?.ToString() ?? "?", refusal ?? $"TLS handshake failed: {ex.GetBaseException().Message}");
                    return;
                }

                if (tls.RemoteCertificate is { } presentedCertificate)
                {
                    client = presentedCertificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(presentedCertificate.GetRawCertData());
                }
            }

            var endpoint = remote?.ToString() ?? "?";
            var guarded = new PacketSizeGuardStream(stream, maxPacketBytes, size =>
                refusals.Refuse(BrokerRefusals.PacketTooLarge, endpoint, $"a packet of {size} bytes, above Controller:Mqtt:MaxPacketBytes = {maxPacketBytes}; connection closed"));
            stream = guarded;
            var channel = new MqttTcpChannel(guarded, local, remote, client);
            using var adapter = new MqttChannelAdapter(channel, new MqttPacketFormatterAdapter(new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax)), _logger)
            {
                AllowPacketFragmentation = true,
            };
            if (ClientHandler is { } handler)
            {
                await handler(adapter).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away or broke the protocol: its connection ends here.
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
