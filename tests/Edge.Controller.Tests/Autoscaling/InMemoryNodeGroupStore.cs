using Edge.Controller.Store;

namespace Edge.Controller.Tests.Autoscaling;

/// <summary>Node groups in memory, counting writes.</summary>
internal sealed class InMemoryNodeGroupStore : INodeGroupStore
{
    private readonly Dictionary<string, NodeGroupRecord> _groups = new(StringComparer.Ordinal);

    public int Writes { get; private set; }

    public IReadOnlyList<NodeGroupRecord> LoadNodeGroups() => [.. _groups.Values];

    public void SaveNodeGroup(NodeGroupRecord group)
    {
        Writes++;
        _groups[group.Id] = group;
    }

    public void DeleteNodeGroup(string name)
    {
        Writes++;
        _groups.Remove(name);
    }
}
