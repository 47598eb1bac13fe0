using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Edge.Protos.V1;
using Google.Protobuf;

namespace Edge.IntegrationTests.Identity;

/// <summary>
/// enroll --bundle --ca-hash: a bundle is checked against the fleet CA's hash given at
/// enrollment, not only against the CA it carries; a refusal writes nothing. And --token-file.
/// </summary>
[TestFixture]
public sealed class BundleCaHashTests : SecureFleetFixture
{
    private string CaHash => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Fleet.Ca.RawData));

    [Test]
    public async Task Bundle_WithMatchingCaHash_Enrolls_AndSaysTheCaMatched()
    {
        var bundle = await CreateBundleAsync("cah-ok");

        var (code, output) = await Fleet.EnrollAsync("cah-ok", "--bundle", bundle, "--ca-hash", CaHash);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(output, Does.Contain($"matches --ca-hash {CaHash}"));
            Assert.That(File.Exists(Path.Combine(Fleet.AgentDir("cah-ok"), "identity", "voucher")), Is.True);
        });
    }

    [Test]
    public async Task Bundle_ResignedByAnotherCa_RefusedWithCaHash_NothingWritten_TrustedOnFirstUseWithout()
    {
        var bundle = await CreateBundleAsync("cah-rogue");
        var (rogue, rogueHash) = Resign(bundle);

        var refused = await Fleet.EnrollAsync("cah-rogue", "--bundle", rogue, "--ca-hash", CaHash);
        var dirAfterRefusal = Directory.Exists(Fleet.AgentDir("cah-rogue"));
        var unpinned = await Fleet.EnrollAsync("cah-rogue-tofu", "--bundle", rogue);

        Assert.Multiple(() =>
        {
            Assert.That(refused.Code, Is.EqualTo(1), refused.Output);
            Assert.That(refused.Output, Does.Contain($"its fleet CA has sha256:{rogueHash}, but --ca-hash pins {CaHash}").And.Contain("nothing was written"));
            Assert.That(dirAfterRefusal, Is.False, "a refused bundle leaves no data directory");
            // Without the pin the forgery's own signature checks out: all the agent can do is say so.
            Assert.That(unpinned.Code, Is.Zero, unpinned.Output);
            Assert.That(unpinned.Output, Does.Contain($"fleet CA sha256:{rogueHash} was trusted on first use (no --ca-hash given)"));
        });
    }

    [Test]
    public async Task Bundle_Tampered_RefusedWithCaHash_NothingWritten()
    {
        var bundle = await CreateBundleAsync("cah-tam", "role=sensor");
        var bytes = await File.ReadAllBytesAsync(bundle);
        var at = bytes.AsSpan().IndexOf("sensor"u8);
        bytes[at] = (byte)'S';
        await File.WriteAllBytesAsync(bundle, bytes);

        var (code, output) = await Fleet.EnrollAsync("cah-tam", "--bundle", bundle, "--ca-hash", CaHash);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain("signature does not verify").And.Contain("nothing was written"));
            Assert.That(Directory.Exists(Fleet.AgentDir("cah-tam")), Is.False);
        });
    }

    [TestCase("sha256:1234", "is not sha256: followed by 64 hex digits")]
    [TestCase("", "is not sha256: followed by 64 hex digits")]
    public async Task Bundle_MalformedCaHash_UsageError_NothingWritten(string hash, string expected)
    {
        var bundle = await CreateBundleAsync("cah-bad");

        var (code, output) = await Fleet.EnrollAsync("cah-bad", "--bundle", bundle, "--ca-hash", hash);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), output);
            Assert.That(output, Does.Contain("--ca-hash").And.Contain(expected));
            Assert.That(Directory.Exists(Fleet.AgentDir("cah-bad")), Is.False);
        });
    }

    [Test]
    public async Task EnrollWithTokenFile_Enrolls_MissingFileNamed()
    {
        var tokenFile = Path.Combine(Fleet.Dir, "tf-1.token");
        await File.WriteAllTextAsync(tokenFile, await Fleet.CreateTokenAsync() + "\n");

        var enrolled = await Fleet.EnrollAsync("tf-1", "--controller", Fleet.ControllerUrl, "--token-file", tokenFile);
        var missing = await Fleet.EnrollAsync("tf-2", "--controller", Fleet.ControllerUrl, "--token-file", Path.Combine(Fleet.Dir, "absent.token"));

        Assert.Multiple(() =>
        {
            Assert.That(enrolled.Code, Is.Zero, enrolled.Output);
            Assert.That(File.Exists(Path.Combine(Fleet.AgentDir("tf-1"), "identity", "node.crt")), Is.True);
            Assert.That(missing.Code, Is.EqualTo(2), missing.Output);
            Assert.That(missing.Output, Does.Contain("--token-file").And.Contain("absent.token"));
            Assert.That(Directory.Exists(Fleet.AgentDir("tf-2")), Is.False);
        });
    }

    private async Task<string> CreateBundleAsync(string node, string labels = "site=ship")
    {
        var bundle = Path.Combine(Fleet.Dir, node + ".edgebundle");
        var (code, output) = await Fleet.EdgectlAsync("bundle", "create", "--node", node, "--labels", labels, "-o", bundle);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain($"--ca-hash {CaHash}"), "edgectl prints the hash to enroll with");
        return bundle;
    }

    /// <summary>The same payload under another CA: its certificate, a voucher pinned to it, its signature.</summary>
    private static (string File, string Hash) Resign(string bundle)
    {
        var signed = SignedBundle.Parser.ParseFrom(File.ReadAllBytes(bundle));
        var payload = BundlePayload.Parser.ParseFrom(signed.Payload);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Edge fleet CA rogue", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        var hash = Convert.ToHexStringLower(SHA256.HashData(ca.RawData));
        payload.CaPem = ca.ExportCertificatePem();
        payload.Voucher = "K10" + hash + payload.Voucher[payload.Voucher.IndexOf("::", StringComparison.Ordinal)..];
        var bytes = payload.ToByteArray();
        var forged = new SignedBundle { Payload = ByteString.CopyFrom(bytes), Signature = ByteString.CopyFrom(key.SignData(bytes, HashAlgorithmName.SHA256)) };
        var path = Path.ChangeExtension(bundle, ".rogue.edgebundle");
        File.WriteAllBytes(path, forged.ToByteArray());
        return (path, hash);
    }
}
