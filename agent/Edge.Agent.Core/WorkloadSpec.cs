namespace Edge.Agent.Core;

/// <summary>One workload as the controller wants it on this node.</summary>
public sealed record WorkloadSpec
{
    public required string Name { get; init; }

    /// <summary>Content address of the module, "sha256:&lt;64 lowercase hex&gt;".</summary>
    public required string ModuleDigest { get; init; }

    public long ModuleSizeBytes { get; init; }

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Args { get; init; } = [];

    public PoolSpec Pool { get; init; } = PoolSpec.Default;

    public LimitsSpec Limits { get; init; } = LimitsSpec.Default;

    /// <summary>What runs the workload; none means it runs once when it starts.</summary>
    public IReadOnlyList<TriggerSpec> Triggers { get; init; } = [];

    /// <summary>
    /// Cold placement of a workload scaled to zero: module fetched and compiled, nothing warm,
    /// triggers armed; the first invocation instantiates it and wakes the workload.
    /// </summary>
    public bool Cold { get; init; }

    /// <summary>How a job is retried after a failed run; null = not retried (a failure is final).</summary>
    public JobSpec? Job { get; init; }

    /// <summary>How HTTP triggers read stdout: <see cref="HttpOutputMode"/>; empty = WAGI.</summary>
    public string HttpOutput { get; init; } = "";

    /// <summary>Raw HTTP output: stdout is the response body as is, never read for CGI headers.</summary>
    public bool RawHttpOutput => HttpOutput == HttpOutputMode.Raw;

    /// <summary>Directories preopened for the guest; none = the guest has no file system at all.</summary>
    public IReadOnlyList<VolumeSpec> Volumes { get; init; } = [];

    /// <summary>
    /// True for a job, which finishes (Succeeded or Failed) instead of staying Running: it says
    /// so, with job settings (restartPolicy/backoffLimit) or with only <c>once</c> triggers. A
    /// workload with no trigger at all runs once at start and stays Running, as it always has.
    /// Never while cold.
    /// </summary>
    public bool IsJob => !Cold && (Job is not null || (Triggers.Count > 0 && Triggers.All(t => t.Kind == TriggerKind.Once)));

    /// <summary>True when the workload runs once at start: no trigger, or a <see cref="TriggerKind.Once"/> trigger; never while cold.</summary>
    public bool RunsAtStart => !Cold && (Triggers.Count == 0 || Triggers.Any(t => t.Kind == TriggerKind.Once));

    /// <summary>True when <paramref name="other"/> is another spec: a restart, or an in-place change (<see cref="ChangesInPlaceTo"/>).</summary>
    public bool DiffersFrom(WorkloadSpec other) =>
        DiffersBesidesInPlace(other) || Limits != other.Limits || Cold != other.Cold;

    /// <summary>
    /// True when <paramref name="other"/> differs from this spec only in its per-invocation limits
    /// or its cold flag: the runtime applies that to new invocations without a restart, and
    /// invocations in flight finish under the limits they started with.
    /// </summary>
    public bool ChangesInPlaceTo(WorkloadSpec other) =>
        !DiffersBesidesInPlace(other) && (Limits != other.Limits || Cold != other.Cold);

    private bool DiffersBesidesInPlace(WorkloadSpec other) =>
        Name != other.Name
        || ModuleDigest != other.ModuleDigest
        || !Args.SequenceEqual(other.Args)
        || Pool != other.Pool
        || !Triggers.SequenceEqual(other.Triggers)
        || Job != other.Job
        || HttpOutput != other.HttpOutput
        || !Volumes.SequenceEqual(other.Volumes)
        || Env.Count != other.Env.Count
        || Env.Any(kv => !other.Env.TryGetValue(kv.Key, out var v) || v != kv.Value);
}
