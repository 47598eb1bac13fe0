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

    public IReadOnlyList<AssignmentRecord> LoadAssignments() => [.. _assignments.FindAll()];

    public void SaveAssignments(IReadOnlyList<AssignmentRecord> upserts, IReadOnlyList<string> deletes)
    {
        if (upserts.Count == 0 && deletes.Count == 0)
        {
            return;
        }

        // One transaction, so a crash leaves the batch whole or absent.
        _db.BeginTrans();
        try
        {
            _assignments.Upsert(upserts);
            foreach (var id in deletes)
            {
                _assignments.Delete(id);
            }

            _db.Commit();
        }
        catch
        {
            _db.Rollback();
            throw;
        }
    }

    public IReadOnlyList<TenantRecord> LoadTenants() => [.. _tenants.FindAll()];

    public void SaveTenant(TenantRecord tenant) => _tenants.Upsert(tenant);
}
