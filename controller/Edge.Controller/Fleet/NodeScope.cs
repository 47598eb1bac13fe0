using System.Collections.Frozen;

namespace Edge.Controller.Fleet;

/// <summary>What a node may speak for: its workloads (placed or held cold) and their MQTT trigger and reply topics.</summary>
internal sealed record NodeScope(string Hash, FrozenSet<string> Workloads, FrozenSet<string> Topics)
{
    public static readonly NodeScope Empty = new("", FrozenSet<string>.Empty, FrozenSet<string>.Empty);
}
