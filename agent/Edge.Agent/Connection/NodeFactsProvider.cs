using System.Runtime.InteropServices;
using Edge.Agent.Hosting;
using Edge.Agent.Telemetry;
using Edge.Protos.V1;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Connection;

/// <summary>
/// The facts a node reports in its hello, read from the device. Beside K3s the
/// node says so in labels and reports its capacity less the reservation kept for K3s pods.
/// </summary>
internal sealed class NodeFactsProvider(IOptions<AgentOptions> options)
{
    public const string K3sLabel = "edge.io/k3s";
    public const string K3sNodeLabel = "edge.io/k3s-node";
    public const string ReservedCpuLabel = "edge.io/reserved-cpu-millicores";
    public const string ReservedMemoryLabel = "edge.io/reserved-memory-bytes";

    public NodeFacts Read()
    {
        var o = options.Value;
        var k3s = K3sDetector.Detect(o.K3sConfigFile, o.K3sDataDir, Environment.MachineName);
        var reservedCpu = o.ReservedCpuMillicores ?? (k3s is null ? 0 : AgentOptions.DefaultK3sReservedCpuMillicores);
        var reservedMemory = o.ReservedMemoryBytes ?? (k3s is null ? 0 : AgentOptions.DefaultK3sReservedMemoryBytes);
        var memory = ProcStat.MemTotalBytes() ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var facts = new NodeFacts
        {
            Name = o.ResolvedNodeName,
            Arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            Os = OperatingSystem.IsLinux() ? "linux" : RuntimeInformation.OSDescription.Split(' ')[0].ToLowerInvariant(),
            OsDescription = RuntimeInformation.OSDescription,
            CpuMillicores = Math.Max(0, (Environment.ProcessorCount * 1000) - reservedCpu),
            MemoryBytes = Math.Max(0, memory - reservedMemory),
            AgentVersion = typeof(NodeFactsProvider).Assembly.GetName().Version?.ToString(3) ?? "",
            K3SNodeName = k3s?.Name ?? "",
            Hostname = Environment.MachineName,
            MaxWorkloads = o.MaxWorkloads ?? 0,
        };
        facts.ExtendedResources.Add(o.ExtendedResourceCounts());

        // Precedence, later wins: K3s's node labels, the agent's own labels, what the agent measures.
        foreach (var (key, value) in k3s?.Labels ?? new Dictionary<string, string>())
        {
            facts.Labels[key] = value;
        }

        foreach (var (key, value) in o.Labels)
        {
            facts.Labels[key] = value;
        }

        facts.Labels["edge.io/arch"] = facts.Arch;
        facts.Labels["edge.io/os"] = facts.Os;
        if (k3s is not null)
        {
            facts.Labels[K3sLabel] = "true";
            facts.Labels[K3sNodeLabel] = k3s.Name;
        }

        if (reservedCpu > 0 || reservedMemory > 0)
        {
            facts.Labels[ReservedCpuLabel] = reservedCpu.ToString(System.Globalization.CultureInfo.InvariantCulture);
            facts.Labels[ReservedMemoryLabel] = reservedMemory.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return facts;
    }
}
