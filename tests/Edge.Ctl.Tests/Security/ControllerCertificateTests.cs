using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Shared;

namespace Edge.Ctl.Tests.Security;

/// <summary>What agents and edgectl accept as the controller: chain to the fleet CA, serverAuth, the name dialled.</summary>
[TestFixture]
public sealed class ControllerCertificateTests
{
    private ECDsa _caKey = null!;
    private X509Certificate2 _ca = null!;

    [OneTimeSetUp]
    public void MakeCa()
    {
        (_ca, _caKey) = Ca("CN=test fleet CA");
    }

    [OneTimeTearDown]
    public void DisposeCa()
    {
        _ca.Dispose();
        _caKey.Dispose();
    }

    [TestCase("127.0.0.1")]
    [TestCase("ctl.example")]
    [TestCase("CTL.example")]
    [TestCase("[::1]")]
    public void Verify_ServerAuthForTheNameDialled_Accepted(string host)
    {
        using var server = Issue(_ca, _caKey, ControllerCertificate.ServerAuthOid, "127.0.0.1", "ctl.example", "::1");

        Assert.That(ControllerCertificate.Verify(server, _ca, host, out var error), Is.True, error);
    }

    [Test]
    public void Verify_NodeCertificateOfTheSameCa_RefusedAsNotAController()
    {
        using var node = Issue(_ca, _caKey, ControllerCertificate.ClientAuthOid, "127.0.0.1");

        var ok = ControllerCertificate.Verify(node, _ca, "127.0.0.1", out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Does.Contain("not a controller certificate").And.Contain("no serverAuth"));
        });
    }

    [Test]
    public void Verify_NoExtendedKeyUsage_Refused()
    {
        using var bare = Issue(_ca, _caKey, null, "127.0.0.1");

        Assert.That(ControllerCertificate.Verify(bare, _ca, "127.0.0.1", out _), Is.False);
    }

    [TestCase("other.example")]
    [TestCase("10.0.0.1")]
    [TestCase("a.wild.example")]
    public void Verify_AnotherName_RefusedNamingWhatItHolds(string host)
    {
        using var server = Issue(_ca, _caKey, ControllerCertificate.ServerAuthOid, "127.0.0.1", "ctl.example", "*.wild.example");

        var ok = ControllerCertificate.Verify(server, _ca, host, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Does.Contain($"is not issued for '{host}'").And.Contain("ctl.example").And.Contain("Controller:Security:ServerNames"));
        });
    }

    [Test]
    public void Verify_NameInCommonNameOnly_Refused()
    {
        using var cnOnly = IssueWithSubject(_ca, _caKey, ControllerCertificate.ServerAuthOid, "CN=127.0.0.1");

        var ok = ControllerCertificate.Verify(cnOnly, _ca, "127.0.0.1", out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Does.Contain("it names no names"));
        });
    }

    [Test]
    public void Verify_ServerCertificateOfAnotherCa_RefusedAsNotSignedByTheFleetCa()
    {
        var (other, otherKey) = Ca("CN=another CA");
        using (other)
        using (otherKey)
        using (var server = Issue(other, otherKey, ControllerCertificate.ServerAuthOid, "127.0.0.1"))
        {
            var ok = ControllerCertificate.Verify(server, _ca, "127.0.0.1", out var error);

            Assert.Multiple(() =>
            {
                Assert.That(ok, Is.False);
                Assert.That(error, Does.Contain("is not signed by the fleet CA"));
            });
        }
    }

    [Test]
    public void ValidateOrThrow_Refusal_ThrowsWithTheReason_NoCertificateToo()
    {
        using var node = Issue(_ca, _caKey, ControllerCertificate.ClientAuthOid, "127.0.0.1");

        Assert.Multiple(() =>
        {
            Assert.That(() => ControllerCertificate.ValidateOrThrow(node, _ca, "127.0.0.1"),
                Throws.TypeOf<AuthenticationException>().With.Message.Contains("TLS to 127.0.0.1").And.Message.Contains("not a controller certificate"));
            Assert.That(() => ControllerCertificate.ValidateOrThrow(null, _ca, "127.0.0.1"),
                Throws.TypeOf<AuthenticationException>().With.Message.Contains("presented no certificate"));
        });
    }

    private static (X509Certificate2 Ca, ECDsa Key) Ca(string subject)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return (X509CertificateLoader.LoadCertificate(self.RawData), key);
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, ECDsa caKey, string? usage, params string[] names) =>
        IssueWithSubject(ca, caKey, usage, "CN=edge-controller", names);

    private static X509Certificate2 IssueWithSubject(X509Certificate2 ca, ECDsa caKey, string? usage, string subject, params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (names.Length > 0)
        {
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
        }

        if (usage is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var now = DateTimeOffset.UtcNow;
        return request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-1), now.AddHours(1), RandomNumberGenerator.GetBytes(16));
    }
}
