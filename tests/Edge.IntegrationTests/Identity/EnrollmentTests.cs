using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.IntegrationTests.Identity;

/// <summary>Online and air-gapped enrollment against a real mtls controller: each refusal is clear and changes nothing.</summary>
[TestFixture]
public sealed class EnrollmentTests : SecureFleetFixture
{
    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Enroll_ThenRun_NodeIsReadyOverMtls_KeyIsOwnerOnly()
    {
        var token = await Fleet.CreateTokenAsync();

        var (code, output) = await Fleet.EnrollWithTokenAsync("good-1", token);
        Fleet.StartAgent("good-1");
        var nodes = await Eventually.Until(Fleet.NodesAsync, n => n.Any(x => x.Name == "good-1" && x.Condition == NodeCondition.Ready),
            TimeSpan.FromSeconds(30), "good-1 Ready");

        var key = Path.Combine(Fleet.AgentDir("good-1"), "identity", "node.key");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(nodes.Single(n => n.Name == "good-1").Condition, Is.EqualTo(NodeCondition.Ready));
            Assert.That(File.GetUnixFileMode(key), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetUnixFileMode(Path.Combine(Fleet.ControllerDataDir, "pki", "ca.key")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    }

    [Test]
    public async Task Enroll_ExpiredToken_RefusedSayingExpired_NothingWritten()
    {
        var created = DateTime.UtcNow;
        var token = await Fleet.CreateTokenAsync(ttlSeconds: 1);
        await Eventually.Until(() => DateTime.UtcNow > created.AddSeconds(2), TimeSpan.FromSeconds(10), "the token's ttl passes");

        var (code, output) = await Fleet.EnrollWithTokenAsync("late-1", token);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(output, Does.Contain("expired at").And.Contain("edgectl token create"));
            Assert.That(Directory.Exists(Path.Combine(Fleet.AgentDir("late-1"), "identity")), Is.False);
        });
    }

    [Test]
    public async Task Enroll_ReusedSingleUseToken_SecondRefusedAsUsedUp_NothingWritten()
    {
        var token = await Fleet.CreateTokenAsync(uses: 1);

        var first = await Fleet.EnrollWithTokenAsync("once-1", token);
        var second = await Fleet.EnrollWithTokenAsync("once-2", token);

        Assert.Multiple(() =>
        {
            Assert.That(first.Code, Is.Zero, first.Output);
            Assert.That(second.Code, Is.EqualTo(1));
            Assert.That(second.Output, Does.Contain("is used up"));
            Assert.That(Directory.Exists(Path.Combine(Fleet.AgentDir("once-2"), "identity")), Is.False);
        });
    }

    [Test]
    public async Task Enroll_WrongCaHash_RefusedBeforeSendingToken_TokenStillUsable()
    {
        var token = await Fleet.CreateTokenAsync(uses: 1);
        var forged = "K10" + new string('a', 64) + token[(3 + 64)..];

        var refused = await Fleet.EnrollWithTokenAsync("pin-1", forged);
        var genuine = await Fleet.EnrollWithTokenAsync("pin-1", token);

        Assert.Multiple(() =>
        {
            Assert.That(refused.Code, Is.EqualTo(1));
            Assert.That(refused.Output, Does.Contain("but the token pins sha256:" + new string('a', 64)).And.Contain("nothing was sent"));
            Assert.That(genuine.Code, Is.Zero, "the refused attempt spent no use of the token: " + genuine.Output);
        });
    }

    [Test]
    public async Task Connect_NodeACertificateClaimingNodeB_PermissionDenied_BNotRegistered()
    {
        Assert.That((await Fleet.EnrollWithTokenAsync("node-a", await Fleet.CreateTokenAsync())).Code, Is.Zero);
        using var certificateOfA = Fleet.NodeCertificate("node-a");

        var error = Assert.ThrowsAsync<RpcException>(() => Fleet.HelloAsync(certificateOfA, "node-b"));
        var nodes = await Fleet.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(error.Status.Detail, Does.Contain("for node node-a; it may not speak for node 'node-b'"));
            Assert.That(nodes.Select(n => n.Name), Does.Not.Contain("node-b"));
        });
    }

    [Test]
    public async Task Connect_WithoutClientCertificate_Unauthenticated_NotRegistered()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => Fleet.HelloAsync(null, "anon-1"));
        var nodes = await Fleet.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
            Assert.That(error.Status.Detail, Does.Contain("client certificate"));
            Assert.That(nodes.Select(n => n.Name), Does.Not.Contain("anon-1"));
        });
    }

    [Test]
    public async Task Revoke_RunningNode_StreamEndsAndReconnectIsRefused()
    {
        Assert.That((await Fleet.EnrollWithTokenAsync("rev-1", await Fleet.CreateTokenAsync())).Code, Is.Zero);
        var agent = Fleet.StartAgent("rev-1");
        await Eventually.Until(Fleet.NodesAsync, n => n.Any(x => x.Name == "rev-1" && x.Condition == NodeCondition.Ready), TimeSpan.FromSeconds(30), "rev-1 Ready");

        using var ctl = ChildProcess.Start("edgectl", Repo.CtlDll, ["--context", "default", "nodes", "revoke", "rev-1"],
            new Dictionary<string, string> { ["EDGECONFIG"] = Path.Combine(Fleet.ControllerDataDir, "edgectl.yaml") });
        var revokeCode = await ctl.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await Eventually.Until(() => agent.OutputContains("is revoked"), TimeSpan.FromSeconds(30), "the agent's reconnect is refused as revoked");
        using var certificate = Fleet.NodeCertificate("rev-1");
        var error = Assert.ThrowsAsync<RpcException>(() => Fleet.HelloAsync(certificate, "rev-1"));

        Assert.Multiple(() =>
        {
            Assert.That(revokeCode, Is.Zero, ctl.Output);
            Assert.That(ctl.Output, Does.Contain("1 certificate(s) revoked"));
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(error.Status.Detail, Does.Contain("revoked"));
        });
    }

    [Test]
    public async Task DeleteNode_RunningNode_CertificateRefusedAndNodeStaysGone()
    {
        Assert.That((await Fleet.EnrollWithTokenAsync("del-1", await Fleet.CreateTokenAsync())).Code, Is.Zero);
        var agent = Fleet.StartAgent("del-1");
        await Eventually.Until(Fleet.NodesAsync, n => n.Any(x => x.Name == "del-1" && x.Condition == NodeCondition.Ready), TimeSpan.FromSeconds(30), "del-1 Ready");

        using var ctl = ChildProcess.Start("edgectl", Repo.CtlDll, ["--context", "default", "nodes", "delete", "del-1"],
            new Dictionary<string, string> { ["EDGECONFIG"] = Path.Combine(Fleet.ControllerDataDir, "edgectl.yaml") });
        var deleteCode = await ctl.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await Eventually.Until(() => agent.OutputContains("is revoked"), TimeSpan.FromSeconds(30), "the deleted node's reconnect is refused as revoked");
        using var certificate = Fleet.NodeCertificate("del-1");
        var error = Assert.ThrowsAsync<RpcException>(() => Fleet.HelloAsync(certificate, "del-1"));
        var nodes = await Fleet.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(deleteCode, Is.Zero, ctl.Output);
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(nodes.Select(n => n.Name), Does.Not.Contain("del-1"), "a deleted node does not come back by saying hello");
        });
    }

    [Test]
    public async Task AirGapped_CsrOutSignCert_NodeConnects()
    {
        var csr = Path.Combine(Fleet.Dir, "air-1.csr");
        var crt = Path.Combine(Fleet.Dir, "air-1.crt");

        var made = await Fleet.EnrollAsync("air-1", "--csr-out", csr);
        using var ctl = ChildProcess.Start("edgectl", Repo.CtlDll, ["csr", "sign", csr, "-o", crt],
            new Dictionary<string, string> { ["EDGECONFIG"] = Path.Combine(Fleet.ControllerDataDir, "edgectl.yaml") });
        var signCode = await ctl.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var installed = await Fleet.EnrollAsync("air-1", "--controller", Fleet.ControllerUrl, "--cert", crt);
        Fleet.StartAgent("air-1");
        var nodes = await Eventually.Until(Fleet.NodesAsync, n => n.Any(x => x.Name == "air-1" && x.Condition == NodeCondition.Ready), TimeSpan.FromSeconds(30), "air-1 Ready");

        Assert.Multiple(() =>
        {
            Assert.That(made.Code, Is.Zero, made.Output);
            Assert.That(signCode, Is.Zero, ctl.Output);
            Assert.That(installed.Code, Is.Zero, installed.Output);
            Assert.That(nodes.Any(n => n.Name == "air-1"), Is.True);
        });
    }

    [Test]
    public async Task AirGapped_CertificateForAnotherKey_Refused_NothingWritten()
    {
        var csr = Path.Combine(Fleet.Dir, "air-2.csr");
        var crt = Path.Combine(Fleet.Dir, "air-2.crt");
        Assert.That((await Fleet.EnrollAsync("air-2", "--csr-out", csr)).Code, Is.Zero);
        Assert.That((await Fleet.EnrollAsync("air-3", "--csr-out", Path.Combine(Fleet.Dir, "air-3.csr"))).Code, Is.Zero);
        using var ctl = ChildProcess.Start("edgectl", Repo.CtlDll, ["csr", "sign", csr, "-o", crt],
            new Dictionary<string, string> { ["EDGECONFIG"] = Path.Combine(Fleet.ControllerDataDir, "edgectl.yaml") });
        Assert.That(await ctl.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.Zero, ctl.Output);

        var installed = await Fleet.EnrollAsync("air-3", "--controller", Fleet.ControllerUrl, "--cert", crt);

        Assert.Multiple(() =>
        {
            Assert.That(installed.Code, Is.EqualTo(1));
            Assert.That(installed.Output, Does.Contain("not for this node's key"));
            Assert.That(File.Exists(Path.Combine(Fleet.AgentDir("air-3"), "identity", "node.crt")), Is.False);
        });
    }
}
