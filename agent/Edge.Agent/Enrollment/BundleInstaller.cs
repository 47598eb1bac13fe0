using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Agent.Connection;
using Edge.Agent.Core;
using Edge.Agent.Hosting;
using Edge.Agent.State;
using Edge.Protos.V1;
using Edge.Shared;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Enrollment;

/// <summary>
/// edge-agent enroll --bundle FILE, with no network: checks the fleet CA's
/// signature and every module's digest before writing anything (and the CA
/// against --ca-hash when given), then stores the CA, the voucher, the desired
/// state and the modules. The agent runs the workloads at once and redeems the
/// voucher at first contact.
/// </summary>
internal static class BundleInstaller
{
    /// <param name="caHash">The fleet CA's pin (lowercase hex sha256) the bundle's CA must have; null = trust the bundle's CA on first use.</param>
    public static async Task<int> InstallAsync(Dictionary<string, string?> settings, string dataDir, string bundleFile, string? caHash, CancellationToken ct)
    {
        var files = new NodeIdentityFiles(dataDir);
        if (files.Enrolled || File.Exists(files.VoucherPath))
        {
            return await AgentProgram.FailAsync($"this node is already enrolled ({files.Directory} exists); to enroll again, revoke it on the controller and remove {files.Directory}", 1);
        }

        BundlePayload payload;
        Edge.Agent.Core.DesiredState desired;
        try
        {
            payload = Verify(await File.ReadAllBytesAsync(bundleFile, ct), caHash);
            desired = payload.Desired.ToDomain();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return await AgentProgram.FailAsync($"bundle {bundleFile} refused: {ex.Message}; nothing was written", 1);
        }

        PrivateFile.CreateDirectory(dataDir);
        var modules = new ModuleCache(dataDir);
        foreach (var module in payload.Modules)
        {
            await modules.StoreAsync(module.Digest, module.Wasm.ToByteArray(), ct);
        }

        using (var store = new AgentStateStore(dataDir, NullLogger<AgentStateStore>.Instance))
        {
            store.Open(TimeProvider.System);
            store.SaveDesired(desired);
        }

        using var key = files.LoadOrCreateKey();
        files.SaveKey(key);
        File.WriteAllText(files.CaPath, payload.CaPem);
        PrivateFile.Write(files.VoucherPath, payload.Voucher);
        settings.TryAdd("Agent:Controller", payload.ControllerUrls[0]); // --controller (e.g. a proxy) wins
        settings["Agent:NodeName"] = payload.NodeName;
        foreach (var (label, value) in payload.Labels)
        {
            settings[$"Agent:Labels:{label}"] = value;
        }

        var file = AgentHost.EnrolledSettingsPath(dataDir);
        await File.WriteAllTextAsync(file, AgentHost.ToSettingsJson(settings), ct);
        string caPin;
        using (var ca = X509Certificate2.CreateFromPem(payload.CaPem))
        {
            caPin = EnrollmentToken.HashCa(ca.RawData);
        }

        await Console.Out.WriteLineAsync(caHash is not null
            ? $"the bundle's fleet CA matches --ca-hash sha256:{caPin}"
            : $"the bundle's fleet CA sha256:{caPin} was trusted on first use (no --ca-hash given): compare it with the one edgectl bundle create printed");
        await Console.Out.WriteLineAsync($"node {payload.NodeName} enrolled from {Path.GetFileName(bundleFile)} with {desired.Workloads.Count} workloads; they start with: edge-agent run --data-dir {dataDir}");
        await Console.Out.WriteLineAsync($"at first contact with {settings["Agent:Controller"]} the node redeems its single-use voucher for its certificate");
        return 0;
    }

    /// <summary>The payload of a bundle whose signature, voucher pin and module digests all check out.</summary>
    /// <param name="bytes">The bundle file.</param>
    /// <param name="caHash">When given, the CA the bundle carries must have this pin: a bundle signed by
    /// another CA (with a payload copied from a real one) is refused, not only a changed byte.</param>
    public static BundlePayload Verify(byte[] bytes, string? caHash = null)
    {
        SignedBundle signed;
        BundlePayload payload;
        try
        {
            signed = SignedBundle.Parser.ParseFrom(bytes);
            payload = BundlePayload.Parser.ParseFrom(signed.Payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException($"not an Edge bundle ({ex.Message})", ex);
        }

        X509Certificate2 ca;
        try
        {
            ca = X509Certificate2.CreateFromPem(payload.CaPem);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"the bundle's CA certificate cannot be read ({ex.Message})", ex);
        }

        using (ca)
        using (var publicKey = ca.GetECDsaPublicKey())
        {
            // The pin first: a bundle from another CA is refused as such, whatever its signature.
            var actual = EnrollmentToken.HashCa(ca.RawData);
            if (caHash is not null && !string.Equals(actual, caHash, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"its fleet CA has sha256:{actual}, but --ca-hash pins sha256:{caHash}: the bundle was not made by this fleet's controller");
            }

            if (publicKey is null || !publicKey.VerifyData(signed.Payload.Span, signed.Signature.Span, HashAlgorithmName.SHA256))
            {
                throw new InvalidDataException("its signature does not verify against the fleet CA it names: the file was changed after edgectl wrote it");
            }

            if (!EnrollmentToken.TryParse(payload.Voucher, out var voucher, out var error) || voucher.CaHash != EnrollmentToken.HashCa(ca.RawData))
            {
                throw new InvalidDataException($"its voucher does not belong to its CA ({error})");
            }
        }

        if (payload.ControllerUrls.Count == 0 || payload.Desired is null)
        {
            throw new InvalidDataException("it names no controller address or no desired state");
        }

        foreach (var module in payload.Modules)
        {
            if (ModuleDigest.Of(module.Wasm.ToByteArray()) != module.Digest)
            {
                throw new InvalidDataException($"module {module.Digest} does not match its digest");
            }
        }

        return payload;
    }
}
