using System.Security.Cryptography.X509Certificates;
using Edge.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Edge.IntegrationTests.Identity;

/// <summary>Certificate renewal with short lifetimes on a real controller: at 2/3 of the life, after expiry within the grace, never past it.</summary>
[TestFixture]
public sealed class RenewalTests
{
    [Test]
    public async Task RunningAgent_RenewsBeforeExpiry_AndStaysConnected()
    {
        using var fleet = new SecureFleet();
        await fleet.StartControllerAsync("--Controller:Security:CertificateLifetime=00:00:06", "--Controller:Security:RenewalGrace=01:00:00");
        Assert.That((await fleet.EnrollWithTokenAsync("ren-1", await fleet.CreateTokenAsync())).Code, Is.Zero);
        var first = fleet.NodeCertificate("ren-1").SerialNumber;
        var agent = fleet.StartAgent("ren-1");

        await Eventually.Until(() => fleet.NodeCertificate("ren-1").SerialNumber != first, TimeSpan.FromSeconds(30), "the agent stores a renewed certificate");
        var renewed = fleet.NodeCertificate("ren-1");
        await Eventually.Until(() => DateTime.UtcNow > renewed.NotBefore.ToUniversalTime().AddSeconds(7), TimeSpan.FromSeconds(20), "the first certificate has expired");
        var nodes = await Eventually.Until(fleet.NodesAsync, n => n.Any(x => x.Name == "ren-1" && x.Condition == NodeCondition.Ready),
            TimeSpan.FromSeconds(30), "ren-1 Ready after its first certificate expired");

        Assert.Multiple(() =>
        {
            Assert.That(agent.OutputContains("Certificate of node ren-1 renewed"), Is.True, agent.Output);
            Assert.That(nodes.Single(n => n.Name == "ren-1").Condition, Is.EqualTo(NodeCondition.Ready));
        });
    }

    [Test]
    public async Task Renew_ExpiredWithinGrace_Succeeds_PastGrace_RefusedSayingNewTokenNeeded()
    {
        using var fleet = new SecureFleet();
        await fleet.StartControllerAsync("--Controller:Security:CertificateLifetime=00:00:02", "--Controller:Security:RenewalGrace=00:00:03");
        Assert.That((await fleet.EnrollWithTokenAsync("ren-2", await fleet.CreateTokenAsync())).Code, Is.Zero);
        using var certificate = fleet.NodeCertificate("ren-2");
        var notAfter = certificate.NotAfter.ToUniversalTime();
        var csr = await CsrAsync(fleet, "ren-2");

        await Eventually.Until(() => DateTime.UtcNow > notAfter.AddMilliseconds(300), TimeSpan.FromSeconds(10), "the certificate expired");
        var connectError = Assert.ThrowsAsync<RpcException>(() => fleet.HelloAsync(certificate, "ren-2"));
        var withinGrace = await new EnrollmentService.EnrollmentServiceClient(fleet.Channel(certificate))
            .RenewAsync(new RenewRequest { CsrDer = ByteString.CopyFrom(csr) }, deadline: DateTime.UtcNow.AddSeconds(10));
        await Eventually.Until(() => DateTime.UtcNow > notAfter.AddSeconds(3.5), TimeSpan.FromSeconds(10), "the renewal grace has passed");
        var pastGrace = Assert.ThrowsAsync<RpcException>(async () => await new EnrollmentService.EnrollmentServiceClient(fleet.Channel(certificate))
            .RenewAsync(new RenewRequest { CsrDer = ByteString.CopyFrom(csr) }, deadline: DateTime.UtcNow.AddSeconds(10)));

        Assert.Multiple(() =>
        {
            Assert.That(connectError!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
            Assert.That(connectError.Status.Detail, Does.Contain("expired"));
            Assert.That(withinGrace.NodeName, Is.EqualTo("ren-2"));
            Assert.That(pastGrace!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(pastGrace.Status.Detail, Does.Contain("past the renewal grace").And.Contain("new token"));
        });
    }

    /// <summary>A CSR signed with the node's own key, as the agent's renewer makes it.</summary>
    private static async Task<byte[]> CsrAsync(SecureFleet fleet, string node)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(fleet.AgentDir(node), "identity", "node.key")));
        return new CertificateRequest($"CN={node}", key, System.Security.Cryptography.HashAlgorithmName.SHA256).CreateSigningRequest();
    }
}
