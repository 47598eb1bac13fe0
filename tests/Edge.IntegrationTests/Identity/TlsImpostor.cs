using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Edge.IntegrationTests.Identity;

/// <summary>
/// A TLS HTTP/2 server on loopback that poses as the controller with a given certificate and
/// counts every request that reaches it (a request carries the admin token or the node's stream).
/// </summary>
internal sealed class TlsImpostor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private TlsImpostor(WebApplication app, int port)
    {
        _app = app;
        Url = $"https://127.0.0.1:{port}";
    }

    public string Url { get; }

    /// <summary>Requests that got through the TLS handshake.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<TlsImpostor> StartAsync(X509Certificate2 certificate, X509Certificate2? chainCa = null)
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o =>
        {
            o.Protocols = HttpProtocols.Http2;
            // Straight to SslStream: Kestrel's own options refuse a certificate without serverAuth,
            // an attacker's TLS server would not.
            var context = SslStreamCertificateContext.Create(certificate, chainCa is null ? null : new X509Certificate2Collection(chainCa), offline: true);
            o.UseHttps(new TlsHandshakeCallbackOptions
            {
                OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = context,
                    ApplicationProtocols = [SslApplicationProtocol.Http2],
                }),
            });
        }));
        var app = builder.Build();
        TlsImpostor? impostor = null;
        app.Run(context =>
        {
            Interlocked.Increment(ref impostor!._requests);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        impostor = new TlsImpostor(app, port);
        await app.StartAsync();
        return impostor;
    }

    /// <summary>A serverAuth certificate for <paramref name="names"/> signed with the fleet CA's own key (from the controller's data dir).</summary>
    public static X509Certificate2 ServerCertificate(string controllerDataDir, params string[] names)
    {
        var pki = Path.Combine(controllerDataDir, "pki");
        using var ca = X509Certificate2.CreateFromPemFile(Path.Combine(pki, "ca.crt"), Path.Combine(pki, "ca.key"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=edge-controller", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
