using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Agent.Hosting;
using Edge.Shared;
using Grpc.Core;

namespace Edge.Agent.Enrollment;

/// <summary>
/// edge-agent enroll with an identity: --token (online), --csr-out then --cert
/// (air-gapped). Each checks everything before it writes anything, so a
/// refused enrollment leaves the data directory as it was.
/// </summary>
internal static class EnrollCommand
{
    public const string MqttPasswordLine = "# mqtt-password: ";

    /// <summary>Online: pin the CA, send a CSR with the token, store what comes back.</summary>
    public static async Task<int> WithTokenAsync(Dictionary<string, string?> settings, string dataDir, string nodeName, string tokenText, CancellationToken ct)
    {
        if (!EnrollmentToken.TryParse(tokenText, out var token, out var error))
        {
            return await AgentProgram.FailAsync($"--token: {error}", 2);
        }

        var controller = settings.GetValueOrDefault("Agent:Controller") ?? "";
        if (!controller.StartsWith("https://", StringComparison.Ordinal))
        {
            return await AgentProgram.FailAsync($"--controller '{controller}' must be https:// to enroll with a token (the controller runs with Controller:Security:Mode=mtls)", 2);
        }

        var files = new NodeIdentityFiles(dataDir);
        if (files.Enrolled)
        {
            return await AgentProgram.FailAsync($"this node is already enrolled ({files.CertificatePath} exists); to enroll again, revoke it on the controller and remove {files.Directory}", 1);
        }

        try
        {
            using var ca = await EnrollmentClient.FetchPinnedCaAsync(controller, token.CaHash, ct);
            using var key = files.LoadOrCreateKey();
            var issued = await EnrollmentClient.EnrollAsync(controller, ca, tokenText.Trim(), NodeIdentityFiles.CreateCsr(nodeName, key), ct);
            files.Save(issued.CertificatePem, issued.CaPem, issued.MqttPassword, key);
            foreach (var (labelKey, value) in issued.Labels)
            {
                settings.TryAdd($"Agent:Labels:{labelKey}", value);
            }

            return await FinishAsync(settings, dataDir, issued.NodeName, files, issued.NotAfter.ToDateTimeOffset(), ct);
        }
        catch (Exception ex) when (ex is RpcException or InvalidDataException or HttpRequestException or CryptographicException)
        {
            return await AgentProgram.FailAsync($"enrollment refused: {EnrollmentClient.Describe(ex)}", 1);
        }
    }

    /// <summary>Air-gapped, step 1: the key stays here; the CSR goes to an admin.</summary>
    public static async Task<int> WriteCsrAsync(string dataDir, string nodeName, string csrOut, CancellationToken ct)
    {
        var files = new NodeIdentityFiles(dataDir);
        PrivateFile.CreateDirectory(dataDir);
        using var key = files.LoadOrCreateKey();
        files.SaveKey(key);
        var csr = NodeIdentityFiles.CreateCsr(nodeName, key);
        await File.WriteAllTextAsync(csrOut, PemEncoding.WriteString("CERTIFICATE REQUEST", csr) + "\n", ct);
        await Console.Out.WriteLineAsync($"CSR for node {nodeName} written to {csrOut} (the key stays in {files.KeyPath}).");
        await Console.Out.WriteLineAsync($"Sign it on an admin machine: edgectl csr sign {Path.GetFileName(csrOut)} -o {nodeName}.crt; then here: edge-agent enroll --cert {nodeName}.crt --controller https://…");
        return 0;
    }

    /// <summary>Air-gapped, step 2: install the certificate edgectl csr sign wrote.</summary>
    public static async Task<int> InstallCertificateAsync(Dictionary<string, string?> settings, string dataDir, string certFile, CancellationToken ct)
    {
        var files = new NodeIdentityFiles(dataDir);
        if (!File.Exists(files.KeyPath))
        {
            return await AgentProgram.FailAsync($"no node key in {files.KeyPath}: run edge-agent enroll --csr-out FILE on this device first", 1);
        }

        if (!File.Exists(certFile))
        {
            return await AgentProgram.FailAsync($"--cert: {certFile} does not exist", 2);
        }

        try
        {
            var text = await File.ReadAllTextAsync(certFile, ct);
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(text);
            if (certificates.Count != 2)
            {
                throw new InvalidDataException($"{certFile} holds {certificates.Count} certificates; edgectl csr sign writes two (the node's, then the fleet CA)");
            }

            var password = text.Split('\n').FirstOrDefault(l => l.StartsWith(MqttPasswordLine, StringComparison.Ordinal))?[MqttPasswordLine.Length..].Trim() ?? "";
            using var key = files.LoadOrCreateKey();
            files.Save(certificates[0].ExportCertificatePem(), certificates[1].ExportCertificatePem(), password, key);
            var name = certificates[0].GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            return await FinishAsync(settings, dataDir, name, files, new DateTimeOffset(certificates[0].NotAfter.ToUniversalTime()), ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or CryptographicException or ArgumentException)
        {
            return await AgentProgram.FailAsync($"--cert {certFile} refused: {ex.Message}", 1);
        }
    }

    private static async Task<int> FinishAsync(Dictionary<string, string?> settings, string dataDir, string nodeName, NodeIdentityFiles files, DateTimeOffset notAfter, CancellationToken ct)
    {
        settings["Agent:NodeName"] = nodeName;
        if (File.Exists(files.MqttPasswordPath))
        {
            settings["Agent:MqttPasswordFile"] = Path.GetFullPath(files.MqttPasswordPath);
        }

        var file = AgentHost.EnrolledSettingsPath(dataDir);
        await File.WriteAllTextAsync(file, AgentHost.ToSettingsJson(settings), ct);
        await Console.Out.WriteLineAsync($"node {nodeName} enrolled; certificate valid until {notAfter:u}, renewed automatically at 2/3 of its lifetime");
        await Console.Out.WriteLineAsync($"identity in {files.Directory}, settings in {file}; start it with: edge-agent run --data-dir {dataDir}");
        return 0;
    }
}
