using Edge.Controller.Fleet;
using Edge.Controller.Store;

namespace Edge.Controller.Tests;

/// <summary>Builders for the records the tests feed the controller.</summary>
internal static class Records
{
    public static NodeFactsRecord Facts(params (string Key, string Value)[] labels) => new()
    {
        Arch = "arm64",
        Os = "linux",
        OsDescription = "Linux 6.6.31 Debian 12",
        CpuMillicores = 4000,
        MemoryBytes = 4L * 1024 * 1024 * 1024,
        Labels = labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal),
        AgentVersion = "0.1.0",
        K3sNodeName = "",
        Hostname = "pi-01",
    };

    /// <summary>A workload whose module digest is 64 times <paramref name="digestHex"/>.</summary>
    public static WorkloadRecord Workload(string name, char digestHex = 'a', params (string Key, string Value)[] selector) => new()
    {
        Id = name,
        ModuleDigest = Digest(digestHex),
        ModuleSizeBytes = 1234,
        NodeSelector = selector.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal),
        Env = new Dictionary<string, string>(StringComparer.Ordinal) { ["LEVEL"] = "info" },
        Args = ["--port", "8080"],
    };

    /// <summary>A replicated workload: <paramref name="replicas"/> replicas, 100m CPU and 64 MiB each, lostAfter 1 minute.</summary>
    public static WorkloadRecord Replicated(string name, int replicas, params (string Key, string Value)[] selector)
    {
        var workload = Workload(name, 'a', selector);
        workload.Placement = new WorkloadPlacementRecord
        {
            Mode = Edge.Scheduling.PlacementMode.Replicated,
            Replicas = replicas,
            CpuMillis = 100,
            MemoryBytes = 64L << 20,
            LostAfterMs = 60_000,
        };
        return workload;
    }

    public static string Digest(char hex) => "sha256:" + new string(hex, 64);

    public static ObservedWorkload Observed(string name, ObservedPhase phase, string digest) =>
        new(name, phase, "", digest, new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), 0, 0);
}
