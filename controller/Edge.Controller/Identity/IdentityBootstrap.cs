using System.Text;
using Edge.Controller.Hosting;
using Edge.Shared;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Identity;

/// <summary>
/// First start in mtls mode (or a start with no fleet-admin token left that works): one
/// fleet-admin token, expiring after Controller:Security:AdminTokenTtl, in DataDir/pki/admin.token
/// and an edgectl config beside it (DataDir/edgectl.yaml), as K3s writes its k3s.yaml.
/// </summary>
internal sealed partial class IdentityBootstrap(
    IdentityAccess access,
    IOptions<ControllerOptions> options,
    ILogger<IdentityBootstrap> logger) : IHostedService
{
    public static string AdminTokenPath(string dataDir) => Path.Combine(dataDir, "pki", "admin.token");

    public static string CtlConfigPath(string dataDir) => Path.Combine(dataDir, "edgectl.yaml");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!access.Enabled)
        {
            return Task.CompletedTask;
        }

        var o = options.Value;
        var tokens = access.AdminTokens;
        // First start, or every fleet-admin token expired or revoked: whoever holds the data
        // directory gets a fresh bootstrap token, as K3s's token file (docs/enrollment.md, rotation).
        if (!tokens.AnyUsableFleetAdmin())
        {
            var token = tokens.Create(AdminRole.FleetAdmin, "", null, tokens.Any() ? "bootstrap (no fleet-admin token worked at start)" : "bootstrap (first start)", out _);
            PrivateFile.Write(AdminTokenPath(o.DataDir), token + "\n");
            var config = new StringBuilder()
                .AppendLine("# edgectl config for this controller: EDGECONFIG=<this file> edgectl nodes list")
                .AppendLine("current-context: default")
                .AppendLine("contexts:")
                .AppendLine("- name: default")
                .AppendLine($"  controller: {o.Listen}")
                .AppendLine($"  ca: {Path.GetFullPath(FleetCa.CertificatePath(o.DataDir))}")
                .AppendLine($"  token-file: {Path.GetFullPath(AdminTokenPath(o.DataDir))}")
                .ToString();
            PrivateFile.Write(CtlConfigPath(o.DataDir), config);
            LogBootstrap(Path.GetFullPath(CtlConfigPath(o.DataDir)));
        }

        LogMtls(access.Identity.Ca.Hash);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1730, Level = LogLevel.Warning, Message = "First start in mtls mode: a fleet-admin token and an edgectl config were written to {ConfigPath}")]
    private partial void LogBootstrap(string configPath);

    [LoggerMessage(EventId = 1731, Level = LogLevel.Information, Message = "Node identity on (mtls); fleet CA sha256 {CaHash}")]
    private partial void LogMtls(string caHash);
}
