using Edge.Controller.Hosting;
using Edge.Controller.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Controller.Tests.Identity;

/// <summary>Admin tokens on a real identity.db: expiry by default, revocation stored, the last fleet-admin kept.</summary>
public sealed class AdminTokensTests
{
    private FakeTimeProvider _time = null!;
    private string _dir = null!;
    private IdentityStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _dir = Path.Combine(Path.GetTempPath(), "edge-admin-tokens-" + Guid.NewGuid().ToString("N"));
        _store = new IdentityStore(Path.Combine(_dir, "identity.db"));
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void Create_WithoutTtl_ExpiresAfterTheConfiguredDefault()
    {
        var tokens = Tokens(TimeSpan.FromDays(7));
        var token = tokens.Create(AdminRole.Viewer, "", null, "ops", out var record);

        var fresh = tokens.Authenticate(token, out _);
        _time.Advance(TimeSpan.FromDays(7));
        var late = tokens.Authenticate(token, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(record.ExpiresAt, Is.EqualTo(new DateTime(2026, 1, 8, 0, 0, 0, DateTimeKind.Utc)));
            Assert.That(fresh, Is.Not.Null);
            Assert.That(late, Is.Null);
            Assert.That(error, Does.Contain($"admin token {record.Id} expired at 2026-01-08"));
        });
    }

    [Test]
    public void Authenticate_TokenStoredWithoutExpiry_ExpiresFromItsCreation()
    {
        var tokens = Tokens(TimeSpan.FromDays(30));
        var token = tokens.Create(AdminRole.FleetAdmin, "", null, "stored by an older controller", out var record);
        record.ExpiresAt = null;
        _store.SaveAdminToken(record);

        _time.Advance(TimeSpan.FromDays(31));

        Assert.Multiple(() =>
        {
            Assert.That(tokens.Authenticate(token, out var error), Is.Null);
            Assert.That(error, Does.Contain("expired"));
            Assert.That(tokens.AnyUsableFleetAdmin(), Is.False);
        });
    }

    [Test]
    public void Revoke_RefusedFromTheNextCallAndByANewInstanceOverTheSameFile()
    {
        var tokens = Tokens(TimeSpan.FromDays(30));
        tokens.Create(AdminRole.FleetAdmin, "", null, "keeper", out _);
        var token = tokens.Create(AdminRole.TenantAdmin, "acme", TimeSpan.FromHours(1), "acme ci", out var record);

        var revoked = tokens.Revoke(record.Id);
        var again = Tokens(TimeSpan.FromDays(30)).Authenticate(token, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(revoked.RevokedAt, Is.Not.Null);
            Assert.That(again, Is.Null);
            Assert.That(error, Does.Contain($"admin token {record.Id} was revoked"));
            Assert.That(tokens.List().Single(t => t.Id == record.Id).RevokedAt, Is.Not.Null);
        });
    }

    [Test]
    public void Revoke_LastWorkingFleetAdmin_RefusedAndStillWorks()
    {
        var tokens = Tokens(TimeSpan.FromDays(30));
        var token = tokens.Create(AdminRole.FleetAdmin, "", null, "bootstrap", out var record);

        var refusal = Assert.Throws<IdentityException>(() => tokens.Revoke(record.Id));

        Assert.Multiple(() =>
        {
            Assert.That(refusal!.Failure, Is.EqualTo(IdentityFailure.FailedPrecondition));
            Assert.That(tokens.Authenticate(token, out _), Is.Not.Null);
        });
    }

    [Test]
    public void Revoke_UnknownId_NotFound()
    {
        var refusal = Assert.Throws<IdentityException>(() => Tokens(TimeSpan.FromDays(1)).Revoke("nosuch"));

        Assert.That(refusal!.Failure, Is.EqualTo(IdentityFailure.NotFound));
    }

    private AdminTokens Tokens(TimeSpan ttl) =>
        new(_store, _time, Options.Create(new ControllerOptions { Security = new SecurityOptions { AdminTokenTtl = ttl } }));
}
