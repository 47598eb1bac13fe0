using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Controller.Fleet;
using Edge.Controller.Hosting;
using Edge.Controller.Identity;
using Edge.Controller.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Edge.Benchmarks;

/// <summary>
/// The telemetry suite's TLS passes, same run and same fleet as the plain ones:
/// every simulated node enrolled with its own certificate from a fleet CA, and
/// the same publishes over MQTT/TLS with that certificate as the client's.
/// (a) <b>TLS broker alone</b>: the broker's TLS listener (client certificate
/// required and checked against the CA, packet-size guard), acknowledging and
/// discarding; (b) <b>TLS ingest</b>: the controller's own
/// <see cref="EmbeddedBroker"/> in mtls mode (certificate authentication,
/// client-id binding, ACL, rate bucket, attribution, then the ingest as in the
/// plain intercepted pass).
/// </summary>
internal static class TelemetryTlsPass
{
    public static async Task MeasureAsync(
        Dictionary<string, double> figures, string dir, FleetState fleet, TelemetryIngest ingest,
        string[] names, string[] topics, Func<int, Func<byte[][]>> payloads, int samplesPerPublish, int batchesPerClient)
    {
        var port = FreePort();
        var options = Options.Create(new ControllerOptions
        {
            DataDir = Path.Combine(dir, "tls"),
            Security = new SecurityOptions { Mode = SecurityOptions.Mtls },
            Mqtt = new MqttOptions { TlsPort = port, PublishRatePerSecond = 1_000_000, PublishBurst = 1_000_000 },
        });
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(options)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(fleet)
            .AddSingleton(ingest)
            .AddSingleton<BrokerRefusals>();
        services.AddNodeIdentity();
        await using var provider = services.BuildServiceProvider();
        var identity = provider.GetRequiredService<NodeIdentityService>();

        var enrolled = Stopwatch.GetTimestamp();
        var certificates = names.Select(name =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var csr = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256).CreateSigningRequest();
            using var issued = X509Certificate2.CreateFromPem(identity.SignCsr(csr).CertificatePem);
            using var withKey = issued.CopyWithPrivateKey(key);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }).ToArray();
        Console.Error.WriteLine($"TLS: {names.Length} node certificates issued in {Stopwatch.GetElapsedTime(enrolled).TotalSeconds:0.0} s");
        var expected = (long)names.Length * batchesPerClient;

        // (a) The TLS listener alone: client certificates required and checked, publishes discarded.
        using (var serverCertificate = MqttServerCertificate.Issue(identity.Ca, options.Value, DateTimeOffset.UtcNow))
        {
            var listener = new BrokerListener(IPAddress.Loopback, port, options.Value.Mqtt.MaxPacketBytes, provider.GetRequiredService<BrokerRefusals>(),
                serverCertificate, identity.Ca.Certificate, c =>
                {
                    try
                    {
                        identity.Authenticate(c, DateTimeOffset.UtcNow, allowExpired: false);
                        return null;
                    }
                    catch (IdentityException ex)
                    {
                        return ex.Message;
                    }
                });
            using var bare = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().Build(), [listener]);
            bare.InterceptingPublishAsync += e =>
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.Success;
                return Task.CompletedTask;
            };
            await bare.StartAsync();
            var clients = await ConnectAllAsync(names, certificates, identity.Ca.Certificate, port);
            await PublishAllAsync(clients, topics, payloads(1), 1);
            foreach (var (samples, suffix) in new[] { (1, "_single_sample"), (samplesPerPublish, "") })
            {
                var cost = ProcessCost.Start();
                var seconds = await PublishAllAsync(clients, topics, payloads(samples), batchesPerClient);
                cost.Stop(figures, $"tls_broker_only{suffix}", expected);
                figures[$"baseline_tls_broker_only{suffix}_samples_per_s"] = expected * samples / seconds;
            }

            Dispose(clients);
            await bare.StopAsync(new MqttServerStopOptions());
        }

        // (b) The controller's broker in mtls mode, ingesting.
        var broker = ActivatorUtilities.CreateInstance<EmbeddedBroker>(provider);
        await broker.StartAsync(CancellationToken.None);
        try
        {
            var clients = await ConnectAllAsync(names, certificates, identity.Ca.Certificate, port);
            foreach (var (samples, suffix) in new[] { (1, "_single_sample"), (samplesPerPublish, "") })
            {
                var acceptedBefore = ingest.Accepted;
                var cost = ProcessCost.Start();
                var seconds = await PublishAllAsync(clients, topics, payloads(samples), batchesPerClient);
                cost.Stop(figures, $"tls_ingest{suffix}", expected);
                var ingested = (ingest.Accepted - acceptedBefore) / seconds;
                figures[$"tls_ingest{suffix}_per_s"] = ingested;
                figures[$"tls_ingest_over_broker_only{suffix}_ratio"] = ingested / figures[$"baseline_broker_only{suffix}_samples_per_s"];
                figures[$"tls_ingest_over_tls_broker_only{suffix}_ratio"] = ingested / figures[$"baseline_tls_broker_only{suffix}_samples_per_s"];
                figures[$"tls_ingest_over_plain_ingest{suffix}_ratio"] = ingested / figures[$"ingest{suffix}_per_s"];
                Console.Error.WriteLine($"TLS, {samples} sample(s) a publish: {seconds:0.00} s, {ingested:0}/s ingested");
            }

            figures["tls_refusals"] = BrokerRefusals.Reasons.Sum(r => provider.GetRequiredService<BrokerRefusals>().Count(r));
            Dispose(clients);
        }
        finally
        {
            await broker.StopAsync(CancellationToken.None);
            broker.Dispose();
            foreach (var c in certificates)
            {
                c.Dispose();
            }
        }
    }

    private static async Task<double> PublishAllAsync(IReadOnlyList<IMqttClient> clients, string[] topics, Func<byte[][]> payloads, int rounds)
    {
        var start = Stopwatch.GetTimestamp();
        for (var round = 0; round < rounds; round++)
        {
            var batch = payloads();
            var results = await Task.WhenAll(clients.Select((c, i) => c.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(topics[i]).WithPayload(batch[i]).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())));
            if (results.FirstOrDefault(r => !r.IsSuccess) is { } failed)
            {
                throw new InvalidOperationException($"a publish over TLS was refused: {failed.ReasonCode} {failed.ReasonString}");
            }
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static async Task<List<IMqttClient>> ConnectAllAsync(string[] names, X509Certificate2[] certificates, X509Certificate2 ca, int port)
    {
        var factory = new MqttClientFactory();
        var clients = new List<IMqttClient>(names.Length);
        foreach (var chunk in Enumerable.Range(0, names.Length).Chunk(200))
        {
            clients.AddRange(await Task.WhenAll(chunk.Select(async i =>
            {
                var client = factory.CreateMqttClient();
                await client.ConnectAsync(new MqttClientOptionsBuilder()
                    .WithTcpServer("127.0.0.1", port)
                    .WithClientId($"edge-agent-{names[i]}")
                    .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                    .WithTimeout(TimeSpan.FromSeconds(60))
                    .WithKeepAlivePeriod(TimeSpan.FromMinutes(5))
                    .WithTlsOptions(tls => tls.UseTls(true).WithTargetHost("127.0.0.1").WithClientCertificates([certificates[i]])
                        .WithCertificateValidationHandler(e => Trusted(e.Certificate, ca)))
                    .Build());
                return client;
            })));
        }

        return clients;
    }

    private static bool Trusted(X509Certificate presented, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(certificate);
    }

    private static void Dispose(List<IMqttClient> clients)
    {
        foreach (var c in clients)
        {
            c.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
