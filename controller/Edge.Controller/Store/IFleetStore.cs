namespace Edge.Controller.Store;

/// <summary>
/// What must survive a controller restart. Written on change, never per heartbeat.
/// LiteDB by default; a server database can stand behind the same interface.
/// </summary>
public interface IFleetStore
{
    IReadOnlyList<NodeRecord> LoadNodes();

    void SaveNode(NodeRecord node);

    /// <summary>Saves many nodes in one transaction (a workload change can move the desired version of thousands).</summary>
    void SaveNodes(IReadOnlyList<NodeRecord> nodes);

    IReadOnlyList<WorkloadRecord> LoadWorkloads();

    void SaveWorkload(WorkloadRecord workload);

    bool HasModule(string digest);

    void SaveModule(string digest, ReadOnlySpan<byte> wasm);

    /// <summary>Opens a module's bytes, or returns null when the store has no such module.</summary>
    Stream? OpenModule(string digest);

    void DeleteWorkload(string name);

    void DeleteNode(string name);

    IReadOnlyList<AssignmentRecord> LoadAssignments();

    /// <summary>Writes a batch of replica assignment changes: upserts, then deletes by id.</summary>
    void SaveAssignments(IReadOnlyList<AssignmentRecord> upserts, IReadOnlyList<string> deletes);

    IReadOnlyList<TenantRecord> LoadTenants();

    void SaveTenant(TenantRecord tenant);
}
