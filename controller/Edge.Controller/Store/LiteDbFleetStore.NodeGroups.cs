using LiteDB;

namespace Edge.Controller.Store;

/// <summary>Node groups, in the same file as the rest of the fleet (one writer per file).</summary>
internal sealed partial class LiteDbFleetStore : INodeGroupStore
{
    private ILiteCollection<NodeGroupRecord> NodeGroups => _db.GetCollection<NodeGroupRecord>("nodegroups");

    public IReadOnlyList<NodeGroupRecord> LoadNodeGroups() => [.. NodeGroups.FindAll()];

    public void SaveNodeGroup(NodeGroupRecord group) => NodeGroups.Upsert(group);

    public void DeleteNodeGroup(string name) => NodeGroups.Delete(name);
}
