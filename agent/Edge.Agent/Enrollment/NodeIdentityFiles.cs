using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Shared;

namespace Edge.Agent.Enrollment;

/// <summary>
/// The node's identity on disk, DataDir/identity: node.key (0600, made on the
/// device, never leaves it), node.crt, ca.crt (the fleet CA) and mqtt.password (0600).
/// </summary>
internal sealed class NodeIdentityFiles(string dataDir)
{
    public string Directory { get; } = Path.Combine(dataDir, "identity");

    public string KeyPath => Path.Combine(Directory, "node.key");

    public string CertificatePath => Path.Combine(Directory, "node.crt");

    public string CaPath => Path.Combine(Directory, "ca.crt");

    public string MqttPasswordPath => Path.Combine(Directory, "mqtt.password");

    /// <summary>A bundle's single-use voucher, until it is redeemed at first contact.</summary>
    public string VoucherPath => Path.Combine(Directory, "voucher");

    public bool Enrolled => File.Exists(CertificatePath) && File.Exists(KeyPath) && File.Exists(CaPath);

    /// <summary>The existing key, or a new ECDSA P-256 key (in memory until <see cref="SaveKey"/> or <see cref="Save"/>).</summary>
    public ECDsa LoadOrCreateKey()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(KeyPath))
        {
            key.ImportFromPem(File.ReadAllText(KeyPath));
        }

        return key;
    }

    public void SaveKey(ECDsa key)
    {
        if (!File.Exists(KeyPath))
        {
            PrivateFile.Write(KeyPath, key.ExportPkcs8PrivateKeyPem());
        }
    }

    /// <summary>A CSR for the node name, signed with the node's key (DER).</summary>
    public static byte[] CreateCsr(string nodeName, ECDsa key) =>
        new CertificateRequest($"CN={nodeName}", key, HashAlgorithmName.SHA256).CreateSigningRequest();

    public X509Certificate2 LoadCa() => X509Certificate2.CreateFromPem(File.ReadAllText(CaPath));

    /// <summary>The node certificate with its private key, ready for TLS client authentication.</summary>
    public X509Certificate2 LoadCertificate()
    {
        using var pem = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        // An ephemeral key cannot always be used by the TLS stack; a PKCS#12 round trip makes it a persisted one.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Writes the certificate (after checking it matches the key and the CA), then the CA and the MQTT password.</summary>
    public void Save(string certificatePem, string caPem, string mqttPassword, ECDsa key)
    {
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        using var ca = X509Certificate2.CreateFromPem(caPem);
        using var publicKey = certificate.GetECDsaPublicKey();
        if (publicKey is null || !publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw new InvalidDataException("the certificate is not for this node's key (was the CSR made on another device?)");
        }

        if (!CaChain.Verify(certificate, ca, ignoreTime: false, out var error))
        {
            throw new InvalidDataException(error);
        }

        PrivateFile.CreateDirectory(Directory);
        SaveKey(key);
        File.WriteAllText(CaPath, caPem);
        File.WriteAllText(CertificatePath, certificatePem);
        if (mqttPassword.Length > 0)
        {
            PrivateFile.Write(MqttPasswordPath, mqttPassword);
        }
    }
}
