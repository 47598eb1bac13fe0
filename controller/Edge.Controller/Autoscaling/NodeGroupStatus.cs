using Edge.Controller.Store;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Autoscaling;

/// <summary>A node group with what the fleet and the autoscaler know of it now.</summary>
internal sealed record NodeGroupStatus(NodeGroupRecord Spec, string ProviderType)
{
    /// <summary>Nodes carrying the group's label, whatever their condition.</summary>
    public int Nodes { get; init; }

    public int Ready { get; init; }

    /// <summary>Nodes asked of the provider and not registered yet.</summary>
    public int Upcoming { get; init; }

    /// <summary>Nodes being drained or deleted by the autoscaler.</summary>
    public int Removing { get; init; }

    public GroupBackoff? Backoff { get; init; }

    /// <summary>Whether an apply changed the stored spec.</summary>
    public bool Changed { get; init; }
}
