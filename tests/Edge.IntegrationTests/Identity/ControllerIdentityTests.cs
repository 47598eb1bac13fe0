using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Edge.IntegrationTests.Identity;

/// <summary>
/// The controller is known by a serverAuth certificate naming the address dialled, not by any
/// certificate of the fleet CA: an impostor holding a node's valid certificate (real processes:
/// the agent and edgectl against a TLS server in the test) learns nothing and gets nothing.
/// </summary>
[TestFixture]
public sealed class ControllerIdentityTests : SecureFleetFixture
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Test]
    public async Task NodeCertificate_ClientAuthOnly_ControllerCertificate_ServerAuthWithItsNames()
    {
        Assert.That((await Fleet.EnrollWithTokenAsync("eku-1", await Fleet.CreateTokenAsync())).Code, Is.Zero);
        using var node = Fleet.NodeCertificate("eku-1");
        using var server = await ServedCertificateAsync(Fleet.GrpcPort);

        Assert.Multiple(() =>
        {
            Assert.That(Usages(node), Is.EqualTo(new[] { ClientAuth }));
            Assert.That(Usages(server), Is.EqualTo(new[] { ServerAuth }));
            Assert.That(server.MatchesHostname("127.0.0.1", allowWildcards: false, allowCommonName: false), Is.True);
            Assert.That(server.MatchesHostname("localhost", allowWildcards: false, allowCommonName: false), Is.True);
            Assert.That(server.MatchesHostname("elsewhere.example", allowWildcards: false, allowCommonName: false), Is.False);
        });
    }

    [Test]
    public async Task FakeControllerWithANodeCertificate_AgentAndEdgectlRefuse_NothingSent()
    {
        Assert.That((await Fleet.EnrollWithTokenAsync("imp-1", await Fleet.CreateTokenAsync())).Code, Is.Zero);
        Assert.That((await Fleet.EnrollWithTokenAsync("imp-2", await Fleet.CreateTokenAsync())).Code, Is.Zero);
        using var stolen = Fleet.NodeCertificate("imp-1");
        await using var impostor = await TlsImpostor.StartAsync(stolen, Fleet.Ca);

        var statusPort = Ports.Free();
        Fleet.StartAgent("imp-2", statusPort, "--controller", impostor.Url);
        var status = await Eventually.Until(() => StatusAsync(statusPort),
            s => s.GetProperty("controllerError").GetString() is { } e && e.Contains("not a controller certificate", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the agent refuses the node certificate as the controller's");
        var (code, output) = await Fleet.EdgectlAsync("--controller", impostor.Url, "nodes", "list");

        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("controllerConnected").GetBoolean(), Is.False);
            Assert.That(status.GetProperty("controllerError").GetString(), Does.Contain("CN=imp-1").And.Contain("no serverAuth"));
            Assert.That(code, Is.Not.Zero, output);
            Assert.That(output, Does.Contain("not a controller certificate").And.Contain("CN=imp-1"));
            Assert.That(impostor.Requests, Is.Zero, "no request (no admin token, no node stream) reached the impostor");
        });
    }

    [Test]
    public async Task ControllerCertificateForAnotherName_Refused_TheRightName_Accepted()
    {
        Assert.That((await Fleet.EnrollWithTokenAsync("name-1", await Fleet.CreateTokenAsync())).Code, Is.Zero);
        using var elsewhere = TlsImpostor.ServerCertificate(Fleet.ControllerDataDir, "controller.elsewhere.example");
        using var right = TlsImpostor.ServerCertificate(Fleet.ControllerDataDir, "127.0.0.1");
        await using var wrongName = await TlsImpostor.StartAsync(elsewhere, Fleet.Ca);
        await using var rightName = await TlsImpostor.StartAsync(right, Fleet.Ca);

        var refused = await Fleet.EdgectlAsync("--controller", wrongName.Url, "nodes", "list");
        var accepted = await Fleet.EdgectlAsync("--controller", rightName.Url, "nodes", "list");
        var statusPort = Ports.Free();
        Fleet.StartAgent("name-1", statusPort, "--controller", wrongName.Url);
        var status = await Eventually.Until(() => StatusAsync(statusPort),
            s => s.GetProperty("controllerError").GetString() is { } e && e.Contains("is not issued for", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the agent refuses a controller certificate for another name");

        Assert.Multiple(() =>
        {
            Assert.That(refused.Code, Is.Not.Zero, refused.Output);
            Assert.That(refused.Output, Does.Contain("is not issued for '127.0.0.1'").And.Contain("controller.elsewhere.example"));
            Assert.That(wrongName.Requests, Is.Zero);
            Assert.That(status.GetProperty("controllerError").GetString(), Does.Contain("is not issued for '127.0.0.1'"));
            // The same check passes a serverAuth certificate for the name dialled: the request reaches
            // the server (which answers 404, an error edgectl reports), so the refusals above are the checks' own.
            Assert.That(rightName.Requests, Is.Positive, accepted.Output);
            Assert.That(accepted.Output, Does.Not.Contain("not issued for").And.Not.Contain("not a controller certificate"));
        });
    }

    [Test]
    public async Task ServerCertificate_ReissuedAtEveryStart_WithTheNamesConfiguredThen()
    {
        using var fleet = new SecureFleet();
        await fleet.StartControllerAsync("--Controller:Security:ServerNames=old.example,10.9.8.7");
        using var before = await ServedCertificateAsync(fleet.GrpcPort);
        var caBefore = fleet.Ca.Thumbprint;
        fleet.StopController();
        await fleet.StartControllerAsync("--Controller:Security:ServerNames=new.example");
        using var after = await ServedCertificateAsync(fleet.GrpcPort);

        Assert.Multiple(() =>
        {
            Assert.That(before.MatchesHostname("old.example", false, false) && before.MatchesHostname("10.9.8.7", false, false), Is.True);
            Assert.That(after.MatchesHostname("new.example", false, false), Is.True);
            Assert.That(after.MatchesHostname("old.example", false, false), Is.False, "names come from the settings of this start");
            Assert.That(after.SerialNumber, Is.Not.EqualTo(before.SerialNumber));
            Assert.That(Usages(after), Is.EqualTo(new[] { ServerAuth }));
            Assert.That(fleet.Ca.Thumbprint, Is.EqualTo(caBefore), "same fleet CA: nodes keep their certificates");
        });
    }

    private static async Task<X509Certificate2> ServedCertificateAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        X509Certificate2? served = null;
#pragma warning disable CA5359 // the test only reads what the controller serves; it sends nothing
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            served = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
            return true;
        });
#pragma warning restore CA5359
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ApplicationProtocols = [SslApplicationProtocol.Http2],
        });
        return served ?? throw new InvalidOperationException("no certificate served");
    }

    private static string[] Usages(X509Certificate2 certificate) =>
        [.. certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value!)];

    private static async Task<JsonElement> StatusAsync(int port) =>
        await Http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/status");
}
