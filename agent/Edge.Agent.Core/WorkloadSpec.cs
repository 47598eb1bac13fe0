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

    /// <summary>True when running <paramref name="other"/> needs a restart of this workload.</summary>
    public bool DiffersFrom(WorkloadSpec other) =>
        Name != other.Name
        || ModuleDigest != other.ModuleDigest
        || !Args.SequenceEqual(other.Args)
        || Env.Count != other.Env.Count
        || Env.Any(kv => !other.Env.TryGetValue(kv.Key, out var v) || v != kv.Value);
}
