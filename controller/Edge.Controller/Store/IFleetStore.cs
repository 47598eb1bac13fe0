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

    /// <summary>
    /// The desired-state versions saved with <see cref="SaveDesired"/>; a node's version is the
    /// higher of this one and its record's <see cref="NodeRecord.DesiredVersion"/>.
    /// </summary>
    IReadOnlyList<DesiredRecord> LoadDesired();

    /// <summary>
    /// Saves many nodes' desired-state versions in one transaction, without rewriting their
    /// records: one document per node made 10,000 writes of a global apply most of its time.
    /// </summary>
    void SaveDesired(IReadOnlyList<DesiredRecord> desired);
}
