namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// What the node autoscaler asks of the world behind a node group (wake a device, create a VM)
/// and hears back. Requests return at once; results come later from <see cref="Poll"/>.
/// Implementations: <see cref="SimulatedNodeGroupProvider"/> for tests, benchmarks and
/// <c>edgectl simulate</c>; the controller adds one that runs operator scripts.
/// </summary>
public interface INodeGroupProvider
{
    /// <summary>Asks for <paramref name="delta"/> more nodes; null when accepted, else why not.</summary>
    string? IncreaseSize(NodeGroup group, int delta, DateTimeOffset now);

    /// <summary>Asks to delete a node of the group; null when accepted, else why not.</summary>
    string? DeleteNode(NodeGroup group, string node, DateTimeOffset now);

    /// <summary>What has happened up to <paramref name="now"/> since the last poll, in time order.</summary>
    IReadOnlyList<ProviderEvent> Poll(DateTimeOffset now);
}
