using Edge.Protos.V1;
using Edge.Scheduling;

namespace Edge.Controller.Grpc;

/// <summary>Filters of admin answers by <see cref="TenantScope"/>.</summary>
internal static class TenantScopeFilters
{
    /// <summary>
    /// A node as the scope may see it: a tenant-admin sees the node and its totals (what explains
    /// whether its replicas fit) but only its own tenant's workloads on it.
    /// </summary>
    public static Node InScope(this Node node, TenantScope scope)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Restricted)
        {
            var hidden = node.Workloads.Where(w => !scope.Sees(w.Name)).ToList();
            foreach (var w in hidden)
            {
                node.Workloads.Remove(w);
            }
        }

        return node;
    }

    /// <summary>The rows of the scope's tenants, each named within its tenant.</summary>
    public static TopWorkloadsResponse InScope(this TopWorkloadsResponse response, TenantScope scope)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(scope);
        var rows = response.Workloads.Where(w => scope.Sees(w.Name)).ToList();
        response.Workloads.Clear();
        foreach (var row in rows)
        {
            row.Tenant = WorkloadKeys.TenantOf(row.Name);
            row.Name = WorkloadKeys.NameOf(row.Name);
            response.Workloads.Add(row);
        }

        return response;
    }
}
