using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Fleet;

/// <summary>What the workload autoscaler reads of a workload; it scales through <see cref="ScaleWorkload"/>.</summary>
internal sealed partial class FleetState
{
    /// <summary>The workload's count, requests, placed replicas and its tenant's quota headroom; null when there is no such workload.</summary>
    public AutoscaleTarget? AutoscaleTargetOf(string workload)
    {
        lock (_gate)
        {
            if (!_workloads.TryGetValue(workload, out var record))
            {
                return null;
            }

            var spec = _specs[workload];
            // Summing a tenant's use visits every workload: only a tenant with a quota needs it.
            var quota = QuotaHeadroom.Unlimited;
            if (_tenants.TryGetValue(spec.Tenant, out var tenantRecord))
            {
                var tenant = TenantViewLocked(spec.Tenant);
                quota = QuotaHeadroom.From(tenantRecord.ToQuota(), tenant.Used, tenant.Replicas);
            }
            var placed = _cache.AssignmentsOf(workload)
                .Select(a => new AutoscaleReplica(a.Ordinal, a.Node, _nodes.TryGetValue(a.Node, out var n) && n.Runs(workload, record.ModuleDigest)))
                .OrderBy(r => r.Ordinal)
                .ToList();
            return new AutoscaleTarget(workload, spec.Tenant, spec.Mode, DesiredLocked(spec), spec.Requests, quota, placed);
        }
    }
}
