using System.Security.Cryptography.X509Certificates;
using Edge.Controller.Hosting;
using Edge.Shared;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Identity;

/// <summary>Wires node identity into the controller host: services, TLS on the gRPC port, bootstrap.</summary>
internal static class IdentityHosting
{
    public static void AddNodeIdentity(this IServiceCollection services)
    {
        services.AddSingleton(sp => FleetCa.LoadOrCreate(DataDir(sp), sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton(sp => new IdentityStore(Path.Combine(DataDir(sp), "identity.db")));
        services.AddSingleton(sp => new MqttNodeCredentials(DataDir(sp)));
        services.AddSingleton<NodeIdentityService>();
        services.AddSingleton<INodeRevocation>(sp => sp.GetRequiredService<NodeIdentityService>());
        services.AddSingleton<AdminTokens>();
        services.AddSingleton<BundleFactory>();
        services.AddSingleton<IdentityAccess>();
        services.AddSingleton<NodeAuthenticator>();
        services.AddHostedService<IdentityBootstrap>();
    }

    public static void MapNodeIdentity(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IdentityAccess>().Enabled)
        {
            // Make the CA and open the identity store now, so a damaged one stops start-up with its message.
            _ = app.Services.GetRequiredService<NodeIdentityService>();
        }

        app.MapGrpcService<EnrollmentGrpcService>();
        app.MapGrpcService<IdentityAdminGrpcService>();
    }

    /// <summary>In mtls mode: TLS with a server certificate from the fleet CA; a client certificate is asked for and, if given, must come from the CA.</summary>
    public static void UseFleetTls(this ListenOptions listen, string listenHost)
    {
        var services = listen.ApplicationServices;
        var options = services.GetRequiredService<IOptions<ControllerOptions>>().Value;
        if (!options.Security.IsMtls)
        {
            return;
        }

        var ca = services.GetRequiredService<FleetCa>();
        var names = new List<string> { "localhost", "127.0.0.1", "::1", Environment.MachineName.ToLowerInvariant(), listenHost };
        names.AddRange(options.Security.ServerNames.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var serverCertificate = ca.IssueServer(names.Where(n => n is not ("0.0.0.0" or "[::]" or "*" or "+")), services.GetRequiredService<TimeProvider>().GetUtcNow());
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            ServerCertificateChain = [ca.Certificate],
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            // Expiry is judged per call (renewal accepts an expired certificate within the grace); the CA here.
            ClientCertificateValidation = (certificate, _, _) => CaChain.Verify(new X509Certificate2(certificate), ca.Certificate, ignoreTime: true, out _),
        });
    }

    private static string DataDir(IServiceProvider sp) => sp.GetRequiredService<IOptions<ControllerOptions>>().Value.DataDir;
}
