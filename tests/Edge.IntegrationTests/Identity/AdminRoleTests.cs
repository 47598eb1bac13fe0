using Edge.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Edge.IntegrationTests.Identity;

/// <summary>Admin roles over real gRPC: refusals name the rule and change nothing.</summary>
[TestFixture]
public sealed class AdminRoleTests : SecureFleetFixture
{
    [Test]
    public void AdminCall_WithoutToken_Unauthenticated()
    {
        var error = Assert.ThrowsAsync<RpcException>(async () => await Fleet.Admin().ListNodesAsync(new ListNodesRequest(), SecureFleet.Call()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
            Assert.That(error.Status.Detail, Does.Contain("Bearer"));
        });
    }

    [Test]
    public async Task Viewer_Reads_ButApplyIsPermissionDenied_NothingStored()
    {
        var viewer = await AdminTokenAsync("viewer");
        var hello = await File.ReadAllBytesAsync(Repo.Sample("hello/hello.wat"));

        var nodes = await Fleet.Admin().ListNodesAsync(new ListNodesRequest(), SecureFleet.Call(viewer));
        var error = Assert.ThrowsAsync<RpcException>(async () => await Fleet.Admin().ApplyWorkloadAsync(
            new ApplyWorkloadRequest { Name = "viewer-wrote", Module = ByteString.CopyFrom(hello) }, SecureFleet.Call(viewer)));
        var workloads = await Fleet.Admin().ListWorkloadsAsync(new ListWorkloadsRequest(), SecureFleet.Call(Fleet.AdminToken));

        Assert.Multiple(() =>
        {
            Assert.That(nodes, Is.Not.Null);
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(error.Status.Detail, Does.Contain("viewer may only read"));
            Assert.That(workloads.Workloads.Select(w => w.Name), Does.Not.Contain("viewer-wrote"));
        });
    }

    [Test]
    public async Task Viewer_CreatingEnrollmentToken_PermissionDenied()
    {
        var viewer = await AdminTokenAsync("viewer");

        var error = Assert.ThrowsAsync<RpcException>(async () => await Fleet.IdentityAdmin().CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { TtlSeconds = 60 }, SecureFleet.Call(viewer)));

        Assert.That(error!.Status.Detail, Does.Contain("need fleet-admin"));
    }

    [Test]
    public async Task TenantAdmin_WritingOutsideItsTenant_PermissionDenied_NothingChanged()
    {
        var acme = await AdminTokenAsync("tenant-admin", "acme");
        var module = Google.Protobuf.ByteString.CopyFromUtf8("(module)");

        // Naming the default tenant is refused whatever the header says; a tenant's quota is fleet-admin's.
        var untenanted = Assert.ThrowsAsync<RpcException>(async () => await Fleet.Admin().ApplyWorkloadAsync(
            new ApplyWorkloadRequest { Name = "sneaky", Module = module, Tenant = "default" }, SecureFleet.Call(acme, tenant: "acme")));
        var quota = Assert.ThrowsAsync<RpcException>(async () => await Fleet.Admin().ApplyTenantAsync(
            new ApplyTenantRequest { Name = "acme" }, SecureFleet.Call(acme, tenant: "acme")));
        var workloads = await Fleet.Admin().ListWorkloadsAsync(new ListWorkloadsRequest { AllTenants = true }, SecureFleet.Call(Fleet.AdminToken));

        Assert.Multiple(() =>
        {
            Assert.That(untenanted!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(untenanted.Status.Detail, Is.EqualTo("tenant-admin of 'acme' may not change tenant 'default'"));
            Assert.That(quota!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(quota.Status.Detail, Does.Contain("carries no tenant"));
            Assert.That(workloads.Workloads.Select(w => w.Name), Does.Not.Contain("sneaky"));
        });
    }

    [Test]
    public async Task TenantAdmin_ReadingAnotherTenant_PermissionDenied_OwnTenantAllowed()
    {
        var acme = await AdminTokenAsync("tenant-admin", "acme");

        var own = await Fleet.Admin().ListWorkloadsAsync(new ListWorkloadsRequest(), SecureFleet.Call(acme, tenant: "acme"));
        var error = Assert.ThrowsAsync<RpcException>(async () => await Fleet.Admin().ListWorkloadsAsync(
            new ListWorkloadsRequest(), SecureFleet.Call(acme, tenant: "globex")));

        Assert.Multiple(() =>
        {
            Assert.That(own, Is.Not.Null);
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(error.Status.Detail, Is.EqualTo("tenant-admin of 'acme' may not read tenant 'globex'"));
        });
    }

    [Test]
    public async Task EdgectlContext_ViewerToken_ReadsButCannotRevoke()
    {
        var viewer = await AdminTokenAsync("viewer");
        var config = Path.Combine(Fleet.Dir, "viewer-config");
        var tokenFile = Path.Combine(Fleet.Dir, "viewer.token");
        await File.WriteAllTextAsync(tokenFile, viewer);
        var env = new Dictionary<string, string> { ["EDGECONFIG"] = config };
        var ca = Path.Combine(Fleet.ControllerDataDir, "pki", "ca.crt");

        var set = await CtlAsync(env, "config", "set-context", "ops", "--server", Fleet.ControllerUrl, "--ca", ca, "--token-file", tokenFile);
        var list = await CtlAsync(env, "nodes", "list");
        var revoke = await CtlAsync(env, "nodes", "revoke", "whatever");

        Assert.Multiple(() =>
        {
            Assert.That(set.Code, Is.Zero, set.Output);
            Assert.That(list.Code, Is.Zero, list.Output);
            Assert.That(revoke.Code, Is.EqualTo(1));
            Assert.That(revoke.Output, Does.Contain("viewer may not call RevokeNode"));
        });
    }

    private static async Task<(int Code, string Output)> CtlAsync(Dictionary<string, string> env, params string[] args)
    {
        using var ctl = ChildProcess.Start("edgectl", Repo.CtlDll, args, env);
        var code = await ctl.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, ctl.Output);
    }

    private async Task<string> AdminTokenAsync(string role, string tenant = "") =>
        (await Fleet.IdentityAdmin().CreateAdminTokenAsync(new CreateAdminTokenRequest { Role = role, Tenant = tenant }, SecureFleet.Call(Fleet.AdminToken))).Token;
}
