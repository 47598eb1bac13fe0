namespace Edge.Controller.Store;

/// <summary>Replica assignments and tenants.</summary>
internal sealed partial class LiteDbFleetStore
{
    public void DeleteWorkload(string name) => _workloads.Delete(name);

    public void DeleteNode(string name)
    {
        _nodes.Delete(name);
        ForgetDesired(name);
    }

    public IReadOnlyList<AssignmentRecord> LoadAssignments() => LoadAssignmentBlocks();

    public void SaveAssignments(IReadOnlyList<AssignmentRecord> upserts, IReadOnlyList<string> deletes)
    {
        if (upserts.Count > 0 || deletes.Count > 0)
        {
            SaveAssignmentBlocks(upserts, deletes);
        }
    }

    public IReadOnlyList<TenantRecord> LoadTenants() => [.. _tenants.FindAll()];

    public void SaveTenant(TenantRecord tenant) => _tenants.Upsert(tenant);
}
