using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Ctl.Tests.Support;

/// <summary>Proto messages as the controller would send them, at fixed times.</summary>
internal static class TestNodes
{
    public static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>A Ready arm64 node, 3 s since its heartbeat, two workloads (one failed) and telemetry.</summary>
    public static Node Ready(string name = "edge-a")
    {
        var node = new Node
        {
            Name = name,
            Condition = NodeCondition.Ready,
            Facts = new NodeFacts
            {
                Name = name,
                Arch = "arm64",
                Os = "linux",
                OsDescription = "Ubuntu 24.04 LTS",
                Hostname = name + ".local",
                CpuMillicores = 4000,
                MemoryBytes = 8_160_000_000,
                AgentVersion = "0.1.0",
                K3SNodeName = "k3s-" + name,
                Labels = { ["zone"] = "a", ["edge.io/tier"] = "gateway" },
            },
            LastHeartbeat = At(TimeSpan.FromSeconds(-3)),
            ConditionSince = At(TimeSpan.FromMinutes(-5)),
            DesiredVersion = 7,
            AppliedVersion = 7,
            Telemetry = new NodeTelemetry
            {
                SampledAt = At(TimeSpan.FromSeconds(-2)),
                Sequence = 42,
                CpuUsageRatio = 0.375,
                MemoryUsedBytes = 1_288_490_189,
                MemoryTotalBytes = 8_160_000_000,
                WorkloadsRunning = 1,
                LoadAverage1M = 0.42,
            },
        };
        node.Workloads.Add(new WorkloadStatus
        {
            Name = "hello",
            Phase = WorkloadPhase.Running,
            ModuleDigest = Digest,
            Since = At(TimeSpan.FromMinutes(-4)),
            Invocations = 1234,
            Failures = 1,
        });
        node.Workloads.Add(new WorkloadStatus
        {
            Name = "broken",
            Phase = WorkloadPhase.Failed,
            Message = "trap: unreachable\nat func 3",
            ModuleDigest = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210",
            Invocations = 5,
            Failures = 5,
        });
        return node;
    }

    /// <summary>A Disconnected x64 node that never heartbeated and has no workloads or telemetry.</summary>
    public static Node Disconnected(string name = "edge-b") => new()
    {
        Name = name,
        Condition = NodeCondition.Disconnected,
        Facts = new NodeFacts { Name = name, Arch = "x64", Os = "linux", CpuMillicores = 1500, MemoryBytes = 512L * 1024 * 1024 },
        DesiredVersion = 3,
        AppliedVersion = 2,
    };

    public static Workload Workload(string name, params (string Key, string Value)[] selector)
    {
        var workload = new Workload
        {
            Name = name,
            ModuleDigest = Digest,
            NodesTargeted = 3,
            NodesRunning = 2,
            Mode = WorkloadMode.Global,
            ReplicasDesired = 3,
            ReplicasPlaced = 3,
            ReplicasRunning = 2,
        };
        foreach (var (key, value) in selector)
        {
            workload.NodeSelector[key] = value;
        }

        return workload;
    }

    public static Timestamp At(TimeSpan offsetFromNow) => Timestamp.FromDateTimeOffset(Now + offsetFromNow);
}
