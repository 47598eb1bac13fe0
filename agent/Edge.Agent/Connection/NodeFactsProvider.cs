using System.Runtime.InteropServices;
using Edge.Agent.Hosting;
using Edge.Agent.Telemetry;
using Edge.Protos.V1;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Connection;

/// <summary>The facts a node reports in its hello, read from the device.</summary>
internal sealed class NodeFactsProvider(IOptions<AgentOptions> options)
{
    public NodeFacts Read()
    {
        var o = options.Value;
        var facts = new NodeFacts
        {
            Name = o.ResolvedNodeName,
            Arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            Os = OperatingSystem.IsLinux() ? "linux" : RuntimeInformation.OSDescription.Split(' ')[0].ToLowerInvariant(),
            OsDescription = RuntimeInformation.OSDescription,
            CpuMillicores = Environment.ProcessorCount * 1000,
            MemoryBytes = ProcStat.MemTotalBytes() ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            AgentVersion = typeof(NodeFactsProvider).Assembly.GetName().Version?.ToString(3) ?? "",
            K3SNodeName = K3sNodeName() ?? "",
            Hostname = Environment.MachineName,
        };
        facts.Labels.Add(o.Labels);
        facts.Labels["edge.io/arch"] = facts.Arch;
        facts.Labels["edge.io/os"] = facts.Os;
        return facts;
    }

    /// <summary>
    /// K3s names its node after the host unless /etc/rancher/k3s/config.yaml
    /// says node-name; null when K3s is not on the device.
    /// </summary>
    private static string? K3sNodeName()
    {
        const string config = "/etc/rancher/k3s/config.yaml";
        if (!File.Exists(config) && !Directory.Exists("/var/lib/rancher/k3s"))
        {
            return null;
        }

        try
        {
            if (File.Exists(config))
            {
                foreach (var line in File.ReadLines(config))
                {
                    var trimmed = line.Trim();
                    if (trimmed.StartsWith("node-name:", StringComparison.Ordinal))
                    {
                        return trimmed["node-name:".Length..].Trim().Trim('"', '\'');
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Environment.MachineName.ToLowerInvariant();
    }
}
