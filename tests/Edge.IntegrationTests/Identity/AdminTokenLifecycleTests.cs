using System.Text.Json;
using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.IntegrationTests.Identity;

/// <summary>
/// Admin tokens with a real mtls controller and the real edgectl: minted, used, listed (never the
/// secret), revoked (refused on the next call and after a restart), expired, and rotated.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AdminTokenLifecycleTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Revoke_TokenRefusedOnNextCallAndAfterRestart_ListShowsItWithoutSecret()
    {
        using var fleet = new SecureFleet();
        await fleet.StartControllerAsync();
        var (token, id) = await CreateAdminAsync(fleet, "viewer", "1h");
        var before = await fleet.Admin().ListNodesAsync(new ListNodesRequest(), SecureFleet.Call(token));

        var (revokeCode, revokeOutput) = await fleet.EdgectlAsync("token", "revoke", id);
        var refused = Assert.ThrowsAsync<RpcException>(async () => await fleet.Admin().ListNodesAsync(new ListNodesRequest(), SecureFleet.Call(token)));
        fleet.StopController();
        await fleet.StartControllerAsync();
        var refusedAfterRestart = Assert.ThrowsAsync<RpcException>(async () => await fleet.Admin().ListNodesAsync(new ListNodesRequest(), SecureFleet.Call(token)));
        var (listCode, table) = await fleet.EdgectlAsync("token", "list");
        var (_, json) = await fleet.EdgectlAsync("token", "list", "-o", "json");

        using var doc = JsonDocument.Parse(json);
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
        var listed = items.Single(t => t.GetProperty("id").GetString() == id);
        var bootstrap = items.Single(t => t.GetProperty("id").GetString() == IdOf(fleet.AdminToken));
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Not.Null);
            Assert.That(revokeCode, Is.Zero, revokeOutput);
            Assert.That(revokeOutput, Does.Contain($"admin token {id} (viewer) revoked at"));
            Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
            Assert.That(refused.Status.Detail, Does.Contain($"admin token {id} was revoked"));
            Assert.That(refusedAfterRestart!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
            Assert.That(listCode, Is.Zero, table);
            Assert.That(table, Does.Contain("ID").And.Contain("EXPIRES").And.Contain("REVOKED").And.Contain(id).And.Contain("revoked"));
            Assert.That(table + json, Does.Not.Contain(SecretOf(token)).And.Not.Contain(SecretOf(fleet.AdminToken)));
            Assert.That(listed.GetProperty("role").GetString(), Is.EqualTo("viewer"));
            Assert.That(listed.GetProperty("state").GetString(), Is.EqualTo("revoked"));
            Assert.That(listed.GetProperty("created").GetString(), Is.Not.Null);
            Assert.That(listed.GetProperty("revoked").GetString(), Is.Not.Null);
            Assert.That(bootstrap.GetProperty("role").GetString(), Is.EqualTo("fleet-admin"));
            Assert.That(bootstrap.GetProperty("state").GetString(), Is.EqualTo("active"));
            Assert.That(bootstrap.GetProperty("expires").GetString(), Is.Not.Null, "the bootstrap token expires too");
        });
    }

    [Test]
    public async Task Expiry_TokenWithShortTtl_RefusedOnceExpired()
    {
        using var fleet = new SecureFleet();
        await fleet.StartControllerAsync();
        var (token, id) = await CreateAdminAsync(fleet, "viewer", "2s");
        var used = await fleet.Admin().ListNodesAsync(new ListNodesRequest(), SecureFleet.Call(token));

        var detail = await Eventually.Until(
            async () =>
            {
                try
                {
                    await fleet.Admin().ListNodesAsync(new ListNodesRequest(), SecureFleet.Call(token));
                    return "";
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
                {
                    return ex.Status.Detail;
                }
            },
            d => d.Length > 0,
            Bound,
            "the 2 s token is refused");

        Assert.Multiple(() =>
        {
            Assert.That(used, Is.Not.Null);
            Assert.That(detail, Does.Contain($"admin token {id} expired at"));
        });
    }

    [Test]
    public async Task Rotation_NewFleetAdminThenBootstrapRevoked_OldRefusedNewWorks_LastOneKept()
    {
        using var fleet = new SecureFleet();
        await fleet.StartControllerAsync();
        var lastOne = Assert.ThrowsAsync<RpcException>(async () => await fleet.IdentityAdmin().RevokeAdminTokenAsync(
            new RevokeAdminTokenRequest { Id = IdOf(fleet.AdminToken) }, SecureFleet.Call(fleet.AdminToken)));

        var (rotated, _) = await CreateAdminAsync(fleet, "fleet-admin", "720h");
        await fleet.IdentityAdmin().RevokeAdminTokenAsync(new RevokeAdminTokenRequest { Id = IdOf(fleet.AdminToken) }, SecureFleet.Call(rotated));
        var old = Assert.ThrowsAsync<RpcException>(async () => await fleet.Admin().ListNodesAsync(new ListNodesRequest(), SecureFleet.Call(fleet.AdminToken)));
        var tokens = await fleet.IdentityAdmin().ListAdminTokensAsync(new ListAdminTokensRequest(), SecureFleet.Call(rotated));
        var unknown = Assert.ThrowsAsync<RpcException>(async () => await fleet.IdentityAdmin().RevokeAdminTokenAsync(
            new RevokeAdminTokenRequest { Id = "nosuch" }, SecureFleet.Call(rotated)));

        Assert.Multiple(() =>
        {
            Assert.That(lastOne!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(lastOne.Status.Detail, Does.Contain("last fleet-admin token"));
            Assert.That(old!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
            Assert.That(tokens.Tokens.Where(t => t.RevokedAt is null).Select(t => t.Role), Is.EqualTo(new[] { "fleet-admin" }));
            Assert.That(unknown!.StatusCode, Is.EqualTo(StatusCode.NotFound));
        });
    }

    /// <summary>Mints a token with the real edgectl (as fleet-admin); returns it and its id.</summary>
    private static async Task<(string Token, string Id)> CreateAdminAsync(SecureFleet fleet, string role, string ttl)
    {
        var (code, output) = await fleet.EdgectlAsync("token", "create-admin", "--role", role, "--ttl", ttl);
        Assert.That(code, Is.Zero, output);
        var token = output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("edge_", StringComparison.Ordinal));
        return (token, IdOf(token));
    }

    private static string IdOf(string token) => token.Split('_')[1];

    private static string SecretOf(string token) => token.Split('_')[2];
}
