using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Shared;

namespace Edge.Controller.Identity;

/// <summary>
/// The fleet's certificate authority: an ECDSA P-256 key and a self-signed
/// certificate in DataDir/pki, made on first start and kept across restarts.
/// It signs node certificates (client auth) and the controller's own server certificate.
/// </summary>
internal sealed class FleetCa : IDisposable
{
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private readonly ECDsa _key;

    private FleetCa(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
        Hash = EnrollmentToken.HashCa(certificate.RawData);
        Pem = certificate.ExportCertificatePem();
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Hex sha256 of the CA's DER: what tokens pin.</summary>
    public string Hash { get; }

    public string Pem { get; }

    public static string CertificatePath(string dataDir) => Path.Combine(dataDir, "pki", "ca.crt");

    public static string KeyPath(string dataDir) => Path.Combine(dataDir, "pki", "ca.key");

    /// <summary>Loads the CA from the data dir, creating it when neither file exists.</summary>
    public static FleetCa LoadOrCreate(string dataDir, DateTimeOffset now)
    {
        var certPath = CertificatePath(dataDir);
        var keyPath = KeyPath(dataDir);
        if (File.Exists(certPath) != File.Exists(keyPath))
        {
            throw new InvalidDataException($"fleet CA is incomplete: {(File.Exists(certPath) ? keyPath : certPath)} is missing (restore it from backup; deleting both makes a new CA and every node must enroll again)");
        }

        if (File.Exists(certPath))
        {
            try
            {
                var certificate = X509CertificateLoader.LoadCertificate(PemBytes(File.ReadAllText(certPath), "CERTIFICATE", certPath));
                var key = ECDsa.Create();
                key.ImportFromPem(File.ReadAllText(keyPath));
                using var publicKey = certificate.GetECDsaPublicKey();
                if (publicKey is null || !publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
                {
                    throw new InvalidDataException($"{keyPath} is not the key of {certPath}");
                }

                return new FleetCa(certificate, key);
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                throw new InvalidDataException($"fleet CA in {Path.GetDirectoryName(certPath)} cannot be read: {ex.Message}", ex);
            }
        }

        var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Edge fleet CA {Guid.NewGuid():N}", created, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var selfSigned = request.CreateSelfSigned(now.AddMinutes(-5), now + CaLifetime);
        var ca = X509CertificateLoader.LoadCertificate(selfSigned.RawData);
        PrivateFile.Write(keyPath, created.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, ca.ExportCertificatePem());
        return new FleetCa(ca, created);
    }

    /// <summary>A client certificate for a node: subject CN = the node's name, for the CSR's public key.</summary>
    public X509Certificate2 IssueNode(string nodeName, PublicKey publicKey, DateTimeOffset now, TimeSpan lifetime)
    {
        var request = new CertificateRequest(new X500DistinguishedName($"CN={nodeName}, O=edge-nodes"), publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        // clientAuth only: a node certificate can never serve as the controller's (agents and edgectl want serverAuth).
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ControllerCertificate.ClientAuthOid)], false));
        // Backdated a little for clocks behind ours, but not so much that 2/3 of the validity is already gone.
        var backdate = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, lifetime.Ticks / 10));
        return Sign(request, now - backdate, now + lifetime);
    }

    /// <summary>The controller's TLS certificate, with its key, for the given DNS names and addresses.</summary>
    public X509Certificate2 IssueServer(IEnumerable<string> names, DateTimeOffset now)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=edge-controller", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else if (name.Length > 0)
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ControllerCertificate.ServerAuthOid)], false));
        using var issued = Sign(request, now.AddMinutes(-5), now.AddDays(365));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>ECDSA P-256 / SHA-256 signature (IEEE P1363) with the CA key, for bundles.</summary>
    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256);

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    private X509Certificate2 Sign(CertificateRequest request, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // positive
        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;
        }

        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notAfter, serial);
    }

    private static byte[] PemBytes(string text, string label, string path)
    {
        var fields = PemEncoding.Find(text);
        if (!text[fields.Label].Equals(label, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} holds a {text[fields.Label]}, not a {label}");
        }

        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
