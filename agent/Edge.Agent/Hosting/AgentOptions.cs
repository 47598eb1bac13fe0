
namespace Edge.Agent.Hosting;

/// <summary>Settings under "Agent" (DataDir/agent.json, EDGE_Agent__X, command-line flags).</summary>
internal sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>The node's name in the fleet; empty = the host name, lowercased.</summary>
    public string NodeName { get; set; } = "";

    /// <summary>The controller's gRPC address.</summary>
    public string Controller { get; set; } = "http://127.0.0.1:7400";

    public string DataDir { get; set; } = "/var/lib/edge-agent";

    /// <summary>Labels reported to the controller (placement selects on them).</summary>
    public Dictionary<string, string> Labels { get; set; } = [];

    /// <summary>The local status API (edge-agent status); loopback only by default.</summary>
    public string StatusListen { get; set; } = "http://127.0.0.1:7401";

    /// <summary>
    /// Where HTTP triggers (/w/{workload}) are served; empty = on StatusListen. Set it
    /// (e.g. http://0.0.0.0:8080) to expose workloads while the status API stays on loopback.
    /// </summary>
    public string TriggerListen { get; set; } = "";

    /// <summary>Largest HTTP trigger request body; a bigger one is refused with 413.</summary>
    public int TriggerMaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long an HTTP trigger call to a workload whose module is still compiling waits for it;
    /// then it gets 503 with Retry-After.
    /// </summary>
    public TimeSpan TriggerStartWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Bytes of recent output lines kept per workload (edgectl logs), in memory and under DataDir/logs.</summary>
    public long LogRingBytes { get; set; } = 1024 * 1024;

    /// <summary>Output lines older than this are dropped from a workload's ring.</summary>
    public TimeSpan LogMaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The longest output line kept; longer ones are cut and say how much was cut.</summary>
    public int LogLineMaxBytes { get; set; } = 16 * 1024;

    /// <summary>A failed job's first retry delay (doubling per retry, at most 6 min), as Kubernetes' 10 s.</summary>
    public TimeSpan JobBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Dedicated threads guest code runs on; 0 = 4 per core. Runs beyond them wait in order.</summary>
    public int GuestThreads { get; set; }

    /// <summary>
    /// Compile modules inside the agent's process instead of a short-lived child (the agent's own
    /// compile-module command); the child keeps the compiler's memory out of the service.
    /// </summary>
    public bool CompileInProcess { get; set; }

    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan TelemetryPeriod { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before a module that could not be fetched is tried again while connected; doubles per failure.</summary>
    public TimeSpan ModuleRetryMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries of a module that could not be fetched.</summary>
    public TimeSpan ModuleRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The MQTT broker, mqtt://host:port; empty = the one the controller advertises.</summary>
    public string MqttServer { get; set; } = "";

    /// <summary>User name for the broker; empty with a password = the node name (per-node credentials).</summary>
    public string MqttUsername { get; set; } = "";

    /// <summary>A file holding the broker password (kept out of agent.json and the environment).</summary>
    public string MqttPasswordFile { get; set; } = "";

    /// <summary>PEM CA certificate(s) that sign the broker's certificate, for mqtts://; empty = the system trust store.</summary>
    public string MqttCaFile { get; set; } = "";

    public int OutboxMaxSamples { get; set; } = 100_000;

    public long OutboxMaxBytes { get; set; } = 32L * 1024 * 1024;

    public TimeSpan OutboxMaxAge { get; set; } = TimeSpan.FromHours(24);

    public int TelemetryBatchMax { get; set; } = 100;

    /// <summary>
    /// How long sent samples may wait for the controller's acknowledgement
    /// (its committed watermark) before the agent sends them again, in order,
    /// from the acknowledged watermark.
    /// </summary>
    public TimeSpan TelemetryAckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sequences sent beyond the controller's acknowledgement before the agent waits for it.</summary>
    public int TelemetryUnacknowledgedMax { get; set; } = 5000;
    /// <summary>K3s's config file, read for its node-name and node-label.</summary>
    public string K3sConfigFile { get; set; } = "/etc/rancher/k3s/config.yaml";

    /// <summary>K3s's data directory; either path existing means K3s is on the device.</summary>
    public string K3sDataDir { get; set; } = "/var/lib/rancher/k3s";

    /// <summary>
    /// Counted devices the node advertises to placement, name to count as text
    /// (Agent:ExtendedResources:edge.io/gpu=1); names and counts as <see cref="Core.ExtendedResourceRules"/> says.
    /// </summary>
    public Dictionary<string, string> ExtendedResources { get; set; } = [];

    /// <summary>The advertised devices as counts; only valid entries (the validator stops start-up on any other).</summary>
    public Dictionary<string, long> ExtendedResourceCounts() =>
        ExtendedResources.Where(kv => Core.ExtendedResourceRules.NameProblem(kv.Key) is null && Core.ExtendedResourceRules.TryParseCount(kv.Value, out _))
            .ToDictionary(kv => kv.Key, kv => long.Parse(kv.Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>Workload replicas this node takes at most, as the kubelet's max-pods; null = no limit beyond CPU and memory.</summary>
    public int? MaxWorkloads { get; set; }

    /// <summary>CPU kept for K3s pods and the system, subtracted from what the node reports; null = <see cref="DefaultK3sReservedCpuMillicores"/> when K3s is present, else 0.</summary>
    public int? ReservedCpuMillicores { get; set; }

    /// <summary>Memory kept for K3s pods and the system; null = <see cref="DefaultK3sReservedMemoryBytes"/> when K3s is present, else 0.</summary>
    public long? ReservedMemoryBytes { get; set; }

    /// <summary>K3s's documented minimum for a node (https://docs.k3s.io/installation/requirements).</summary>
    public const int DefaultK3sReservedCpuMillicores = 500;

    public const long DefaultK3sReservedMemoryBytes = 512L * 1024 * 1024;

    /// <summary>The name of the resolved node.</summary>
    public string ResolvedNodeName => NodeName.Length > 0 ? NodeName : Environment.MachineName.ToLowerInvariant();
}
