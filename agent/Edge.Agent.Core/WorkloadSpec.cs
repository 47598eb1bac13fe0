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

    /// <summary>True when the workload runs once at start: no trigger, or a <see cref="TriggerKind.Once"/> trigger.</summary>
    public bool RunsAtStart => Triggers.Count == 0 || Triggers.Any(t => t.Kind == TriggerKind.Once);

    /// <summary>True when running <paramref name="other"/> needs a restart of this workload.</summary>
    public bool DiffersFrom(WorkloadSpec other) =>
        Name != other.Name
        || ModuleDigest != other.ModuleDigest
        || !Args.SequenceEqual(other.Args)
        || Pool != other.Pool
        || Limits != other.Limits
        || !Triggers.SequenceEqual(other.Triggers)
        || Env.Count != other.Env.Count
        || Env.Any(kv => !other.Env.TryGetValue(kv.Key, out var v) || v != kv.Value);
}
