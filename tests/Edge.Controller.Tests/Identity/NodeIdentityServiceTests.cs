using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Controller.Hosting;
using Edge.Controller.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Controller.Tests.Identity;

/// <summary>The identity rules on a real CA and identity store in a temp dir, with a fake clock.</summary>
public sealed class NodeIdentityServiceTests
{
    private string _dir = "";
    private FakeTimeProvider _time = null!;
    private FleetCa _ca = null!;
    private IdentityStore _store = null!;
    private NodeIdentityService _identity = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-ids-" + Guid.NewGuid().ToString("N")[..8]);
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _ca = FleetCa.LoadOrCreate(_dir, _time.GetUtcNow());
        _store = new IdentityStore(Path.Combine(_dir, "identity.db"));
        var options = Options.Create(new ControllerOptions { DataDir = _dir, Security = new SecurityOptions { Mode = "mtls", CertificateLifetime = TimeSpan.FromDays(30), RenewalGrace = TimeSpan.FromDays(10) } });
        _identity = new NodeIdentityService(_ca, _store, new MqttNodeCredentials(_dir), options, _time);
    }

    [TearDown]
    public void TearDown()
    {
        _identity.Dispose();
        _store.Dispose();
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void LoadOrCreate_SecondTime_SameCa()
    {
        using var again = FleetCa.LoadOrCreate(_dir, _time.GetUtcNow());

        Assert.That(again.Hash, Is.EqualTo(_ca.Hash));
    }

    [Test]
    public void LoadOrCreate_KeyMissing_RefusesNamingTheFile()
    {
        File.Delete(FleetCa.KeyPath(_dir));

        var error = Assert.Throws<InvalidDataException>(() => FleetCa.LoadOrCreate(_dir, _time.GetUtcNow()));

        Assert.That(error!.Message, Does.Contain("ca.key is missing"));
    }

    [Test]
    public void Enroll_ValidToken_CertificateForTheCsrName_SignedByCa()
    {
        var token = _identity.CreateToken(TimeSpan.FromHours(1), 1, new Dictionary<string, string> { ["site"] = "a" }, "g", out _);

        var issued = _identity.Enroll(token, Csr("pi-01", out _));

        using var certificate = X509Certificate2.CreateFromPem(issued.CertificatePem);
        Assert.Multiple(() =>
        {
            Assert.That(issued.NodeName, Is.EqualTo("pi-01"));
            Assert.That(certificate.GetNameInfo(X509NameType.SimpleName, false), Is.EqualTo("pi-01"));
            Assert.That(Edge.Shared.CaChain.Verify(certificate, _ca.Certificate, ignoreTime: true, out var error), Is.True, error);
            Assert.That(issued.Labels, Is.EquivalentTo(new Dictionary<string, string> { ["site"] = "a", [NodeIdentityService.GroupLabel] = "g" }));
            Assert.That(issued.NotAfter, Is.EqualTo(_time.GetUtcNow().AddDays(30)).Within(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public void Enroll_AfterTtl_RefusedAsExpired()
    {
        var token = _identity.CreateToken(TimeSpan.FromHours(1), 0, new Dictionary<string, string>(), "", out _);
        _time.Advance(TimeSpan.FromHours(1));

        var error = Assert.Throws<IdentityException>(() => _identity.Enroll(token, Csr("pi-01", out _)));

        Assert.That(error!.Message, Does.Contain("expired at 2026-01-01 01:00:00Z"));
    }

    [Test]
    public void Enroll_NameAlreadyEnrolled_RefusedUntilRevoked()
    {
        var token = _identity.CreateToken(TimeSpan.FromHours(1), 0, new Dictionary<string, string>(), "", out _);
        _identity.Enroll(token, Csr("pi-01", out _));

        var error = Assert.Throws<IdentityException>(() => _identity.Enroll(token, Csr("pi-01", out _)));
        _identity.Revoke("pi-01");
        var again = _identity.Enroll(token, Csr("pi-01", out _));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Failure, Is.EqualTo(IdentityFailure.AlreadyExists));
            Assert.That(again.NodeName, Is.EqualTo("pi-01"));
        });
    }

    [Test]
    public void Enroll_CsrNameNotDnsLabel_InvalidArgument_TokenNotSpent()
    {
        var token = _identity.CreateToken(TimeSpan.FromHours(1), 1, new Dictionary<string, string>(), "", out var record);

        var error = Assert.Throws<IdentityException>(() => _identity.Enroll(token, Csr("Not_A_Label", out _)));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Failure, Is.EqualTo(IdentityFailure.InvalidArgument));
            Assert.That(_store.FindToken(record.Id)!.UsesLeft, Is.EqualTo(1));
        });
    }

    [Test]
    public void Authenticate_Revoked_PermissionDenied_AndRevocationTokenFires()
    {
        var token = _identity.CreateToken(TimeSpan.FromHours(1), 1, new Dictionary<string, string>(), "", out _);
        using var certificate = X509Certificate2.CreateFromPem(_identity.Enroll(token, Csr("pi-01", out _)).CertificatePem);
        var revoked = _identity.RevocationOf("pi-01");

        var count = _identity.Revoke("pi-01");
        var error = Assert.Throws<IdentityException>(() => _identity.Authenticate(certificate, _time.GetUtcNow(), allowExpired: false));

        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(1));
            Assert.That(revoked.IsCancellationRequested, Is.True);
            Assert.That(error!.Failure, Is.EqualTo(IdentityFailure.PermissionDenied));
        });
    }

    [Test]
    public void Revoke_SurvivesRestart()
    {
        var token = _identity.CreateToken(TimeSpan.FromHours(1), 1, new Dictionary<string, string>(), "", out _);
        using var certificate = X509Certificate2.CreateFromPem(_identity.Enroll(token, Csr("pi-01", out _)).CertificatePem);
        _identity.Revoke("pi-01");

        using var restarted = new NodeIdentityService(_ca, _store, new MqttNodeCredentials(_dir),
            Options.Create(new ControllerOptions { DataDir = _dir, Security = new SecurityOptions { Mode = "mtls" } }), _time);

        Assert.That(restarted.IsRevoked(certificate.SerialNumber), Is.True);
    }

    [Test]
    public void Renew_WithinGraceAfterExpiry_NewCertificate_PastGrace_RefusedSayingNewToken()
    {
        var token = _identity.CreateToken(TimeSpan.FromHours(1), 1, new Dictionary<string, string>(), "", out _);
        var csr = Csr("pi-01", out var key);
        using var issued = X509Certificate2.CreateFromPem(_identity.Enroll(token, csr).CertificatePem);
        using var current = issued.CopyWithPrivateKey(key);

        _time.Advance(TimeSpan.FromDays(35));
        var renewed = _identity.Renew(current, csr);
        _time.Advance(TimeSpan.FromDays(6));
        var error = Assert.Throws<IdentityException>(() => _identity.Renew(current, csr));

        Assert.Multiple(() =>
        {
            Assert.That(renewed.NotAfter, Is.EqualTo(_time.GetUtcNow().AddDays(-6).AddDays(30)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(error!.Message, Does.Contain("past the renewal grace").And.Contain("new token"));
        });
    }

    [Test]
    public void Renew_CsrForAnotherName_PermissionDenied()
    {
        var token = _identity.CreateToken(TimeSpan.FromHours(1), 1, new Dictionary<string, string>(), "", out _);
        var csr = Csr("pi-01", out var key);
        using var issued = X509Certificate2.CreateFromPem(_identity.Enroll(token, csr).CertificatePem);
        using var current = issued.CopyWithPrivateKey(key);

        var error = Assert.Throws<IdentityException>(() => _identity.Renew(current, Csr("pi-02", out _)));

        Assert.That(error!.Message, Does.Contain("node pi-01 may renew only its own certificate"));
    }

    [Test]
    public void MqttPassword_StableAcrossRestart_DiffersPerCertificate()
    {
        var again = new MqttNodeCredentials(_dir);

        Assert.Multiple(() =>
        {
            Assert.That(again.PasswordFor("0A1B"), Is.EqualTo(_identity.Mqtt.PasswordFor("0A1B")));
            Assert.That(again.PasswordFor("0A1B"), Is.Not.EqualTo(again.PasswordFor("0A1C")));
            Assert.That(again.Check("0A1B", again.PasswordFor("0A1C")), Is.False);
        });
    }

    [Test]
    public void MqttPassword_RotatedAtRenewal_DeadAtRevocation_NeverBackAfterReEnrollment()
    {
        var token = _identity.CreateToken(TimeSpan.FromHours(1), 0, new Dictionary<string, string>(), "", out _);
        var first = _identity.Enroll(token, Csr("pi-07", out var key));
        Assert.That(_identity.CheckMqttPassword("pi-07", first.MqttPassword), Is.Not.Null, "the enrolled certificate's password is good");
        using var issued = X509Certificate2.CreateFromPem(first.CertificatePem);
        using var current = issued.CopyWithPrivateKey(key);
        _time.Advance(TimeSpan.FromSeconds(1));

        var renewed = _identity.Renew(current, Csr("pi-07", out _));
        var afterRenewal = (Old: _identity.CheckMqttPassword("pi-07", first.MqttPassword), New: _identity.CheckMqttPassword("pi-07", renewed.MqttPassword));
        _identity.Revoke("pi-07");
        var afterRevocation = _identity.CheckMqttPassword("pi-07", renewed.MqttPassword);
        _time.Advance(TimeSpan.FromSeconds(1));
        var again = _identity.Enroll(token, Csr("pi-07", out _));

        Assert.Multiple(() =>
        {
            Assert.That(renewed.MqttPassword, Is.Not.EqualTo(first.MqttPassword));
            Assert.That(afterRenewal.Old, Is.Null, "renewal retires the old password");
            Assert.That(afterRenewal.New, Is.Not.Null);
            Assert.That(afterRevocation, Is.Null, "revocation kills the password");
            Assert.That(_identity.CheckMqttPassword("pi-07", first.MqttPassword), Is.Null, "old passwords stay dead after the name is enrolled again");
            Assert.That(_identity.CheckMqttPassword("pi-07", renewed.MqttPassword), Is.Null);
            Assert.That(_identity.CheckMqttPassword("pi-07", again.MqttPassword), Is.Not.Null);
            Assert.That(_identity.CheckMqttPassword("pi-08", again.MqttPassword), Is.Null, "a password is good for its own node only");
        });
    }

    private static byte[] Csr(string name, out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256).CreateSigningRequest();
    }
}
