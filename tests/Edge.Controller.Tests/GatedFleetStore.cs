using Edge.Controller.Store;

namespace Edge.Controller.Tests;

/// <summary>
/// A fleet store around another one whose batched writes (desired versions, assignments) can be
/// held on a gate or made to fail once, to see what the fleet does while a commit is under way.
/// </summary>
internal sealed class GatedFleetStore(IFleetStore inner) : IFleetStore
{
    /// <summary>Batched writes wait until it is set; set by default.</summary>
    public ManualResetEventSlim Open { get; } = new(initialState: true);

    /// <summary>Set when a batched write is waiting on <see cref="Open"/>.</summary>
    public ManualResetEventSlim Waiting { get; } = new();

    /// <summary>The next batched write throws instead of writing.</summary>
    public bool FailNext { get; set; }

    public IReadOnlyList<NodeRecord> LoadNodes() => inner.LoadNodes();

    public void SaveNode(NodeRecord node) => inner.SaveNode(node);

    public void SaveNodes(IReadOnlyList<NodeRecord> nodes)
    {
        Gate();
        inner.SaveNodes(nodes);
    }

    public IReadOnlyList<WorkloadRecord> LoadWorkloads() => inner.LoadWorkloads();

    public void SaveWorkload(WorkloadRecord workload) => inner.SaveWorkload(workload);

    public bool HasModule(string digest) => inner.HasModule(digest);

    public void SaveModule(string digest, ReadOnlySpan<byte> wasm) => inner.SaveModule(digest, wasm);

    public Stream? OpenModule(string digest) => inner.OpenModule(digest);

    public void DeleteWorkload(string name) => inner.DeleteWorkload(name);

    public void DeleteNode(string name) => inner.DeleteNode(name);

    public IReadOnlyList<AssignmentRecord> LoadAssignments() => inner.LoadAssignments();

    public void SaveAssignments(IReadOnlyList<AssignmentRecord> upserts, IReadOnlyList<string> deletes)
    {
        Gate();
        inner.SaveAssignments(upserts, deletes);
    }

    public IReadOnlyList<TenantRecord> LoadTenants() => inner.LoadTenants();

    public void SaveTenant(TenantRecord tenant) => inner.SaveTenant(tenant);

    public IReadOnlyList<DesiredRecord> LoadDesired() => inner.LoadDesired();

    public void SaveDesired(IReadOnlyList<DesiredRecord> desired)
    {
        Gate();
        inner.SaveDesired(desired);
    }

    private void Gate()
    {
        Waiting.Set();
        if (!Open.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("the test never opened the store's gate");
        }

        if (FailNext)
        {
            FailNext = false;
            throw new FleetStoreException("disk full (test)");
        }
    }
}
