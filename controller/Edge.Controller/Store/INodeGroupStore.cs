namespace Edge.Controller.Store;

/// <summary>Where node groups survive a restart: the fleet store's file by default.</summary>
public interface INodeGroupStore
{
    IReadOnlyList<NodeGroupRecord> LoadNodeGroups();

    void SaveNodeGroup(NodeGroupRecord group);

    void DeleteNodeGroup(string name);
}
