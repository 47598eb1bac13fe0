using Edge.Agent.Core;
using Edge.Scheduling;

namespace Edge.Ctl.Manifests;

/// <summary>A validated <c>kind: Workload</c> document.</summary>
/// <param name="Name">metadata.name, an RFC 1123 label.</param>
/// <param name="Module">spec.module as written: a .wasm or .wat path relative to the manifest file.</param>
/// <param name="ModuleLocation">Where spec.module's value is, for errors found when reading the module.</param>
/// <param name="NodeSelector">spec.nodeSelector; empty matches every node.</param>
/// <param name="Env">spec.env.</param>
/// <param name="Args">spec.args.</param>
internal sealed record WorkloadManifest(
    string Name,
    string Module,
    SourceLocation ModuleLocation,
    IReadOnlyDictionary<string, string> NodeSelector,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> Args)
{
    /// <summary>spec.pool; absent fields take the agent's defaults.</summary>
    public PoolSpec Pool { get; init; } = PoolSpec.Default;

    /// <summary>spec.limits; absent fields take the agent's defaults.</summary>
    public LimitsSpec Limits { get; init; } = LimitsSpec.Default;

    /// <summary>spec.triggers; none means the workload runs once when it starts.</summary>
    public IReadOnlyList<TriggerSpec> Triggers { get; init; } = [];

    /// <summary>spec.restartPolicy and spec.backoffLimit (Kubernetes Job retries); null when neither is given.</summary>
    public JobSpec? Job { get; init; }

    /// <summary>spec.http.output: "" (WAGI/CGI, the default), "wagi" or "raw".</summary>
    public string HttpOutput { get; init; } = "";

    /// <summary>spec.volumes: scratch and persistent directories.</summary>
    public IReadOnlyList<VolumeSpec> Volumes { get; init; } = [];

    /// <summary>The placement fields; without replicas or mode the workload is global (one replica per matching node).</summary>
    public PlacementWorkload Placement { get; init; } = new() { Name = "", Mode = PlacementMode.Global, Replicas = 0 };
}
