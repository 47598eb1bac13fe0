using Edge.Agent.Core;
using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>
/// Vertical resize, as Kubernetes' in-place pod resize: the reservation (and the per-invocation
/// memory limit) changes where the replicas run; no replica moves or restarts. A resize that
/// would not fit a node its replicas run on (Kubernetes calls it Infeasible) or its tenant's
/// quota is refused whole and changes nothing.
/// </summary>
internal sealed partial class FleetState
{
    /// <summary>The smallest memory a resize may give: one WebAssembly page.</summary>
    public const long MinResizeMemoryBytes = 64 * 1024;

    /// <param name="name">The workload.</param>
    /// <param name="cpuMillis">Per replica; null = unchanged.</param>
    /// <param name="memoryBytes">Per replica and per invocation; null = unchanged.</param>
    public WorkloadView ResizeWorkload(string name, long? cpuMillis, long? memoryBytes)
    {
        if (cpuMillis is null && memoryBytes is null)
        {
            throw new FleetException(FleetError.Invalid, $"resize of {name}: give cpu, memory or both");
        }

        if (cpuMillis is < 0)
        {
            throw new FleetException(FleetError.Invalid, $"resize of {name}: cpu must be 0 or more millicores, got {cpuMillis}");
        }

        if (memoryBytes is { } m && (m < MinResizeMemoryBytes || m > WorkloadSpecRules.MaxMemoryBytes))
        {
            throw new FleetException(FleetError.Invalid,
                $"resize of {name}: memory must be between {MinResizeMemoryBytes} bytes (one WebAssembly page) and {WorkloadSpecRules.MaxMemoryBytes} bytes, got {m}");
        }

        var now = _time.GetUtcNow();
        WorkloadView view;
        long ticket;
        lock (_gate)
        {
            var workload = WorkloadLocked(name);
            var old = _specs[name];
            var requests = new ResourceAmount(cpuMillis ?? old.Requests.CpuMillis, memoryBytes ?? old.Requests.MemoryBytes);
            var limitChanges = memoryBytes is { } mem && (workload.Limits?.MemoryBytes ?? 0) != mem;
            if (requests == old.Requests && !limitChanges)
            {
                return WorkloadViewLocked(workload);
            }

            var spec = old with { Requests = requests };
            CheckFitInPlaceLocked(name, old.Requests, requests);
            CheckQuotaLocked(spec);

            // Records are replaced, never changed in place: the desired-state hashes and the
            // per-workload spec cache key on the instance.
            workload = workload.Copy();
            workload.Placement.CpuMillis = requests.CpuMillis;
            workload.Placement.MemoryBytes = requests.MemoryBytes;
            if (memoryBytes is { } limit)
            {
                workload.Limits ??= new WorkloadLimitsRecord();
                workload.Limits.MemoryBytes = limit;
            }

            _workloads[name] = workload;

            workload.UpdatedAt = now;
            _store.SaveWorkload(workload);
            _specs[name] = spec;
            foreach (var a in _cache.AssignmentsOf(name))
            {
                _cache.Assign(a.Workload, a.Ordinal, a.Node, requests, spec.ExtendedRequests); // new requests, same node
                _touched.Add(a.Node);
            }

            foreach (var node in workload.ColdNodes)
            {
                _touched.Add(node);
            }

            LogResized(name, requests.CpuMillis, requests.MemoryBytes);
            ReconcileAllLocked(now);
            FlushLocked();
            view = WorkloadViewLocked(workload);
            ticket = TicketLocked();
        }

        // Stored, then sent, outside the fleet lock.
        Commit(ticket);
        return view;
    }

    public WorkloadView GetWorkload(string name)
    {
        lock (_gate)
        {
            return WorkloadViewLocked(WorkloadLocked(name));
        }
    }

    /// <summary>Refuses, naming each node and resource, a resize that would overcommit a node the workload's replicas run on.</summary>
    private void CheckFitInPlaceLocked(string name, ResourceAmount before, ResourceAmount after)
    {
        var problems = new List<string>();
        foreach (var group in _cache.AssignmentsOf(name).GroupBy(a => a.Node, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (_cache.GetNode(group.Key) is not { } node)
            {
                continue;
            }

            var count = group.Count();
            var used = _cache.RequestedOn(group.Key) - before * count + after * count;
            if (used.CpuMillis > node.Allocatable.CpuMillis && after.CpuMillis > before.CpuMillis)
            {
                problems.Add($"node {group.Key} would need {used.CpuMillis}m cpu of {node.Allocatable.CpuMillis}m allocatable");
            }

            if (used.MemoryBytes > node.Allocatable.MemoryBytes && after.MemoryBytes > before.MemoryBytes)
            {
                problems.Add($"node {group.Key} would need {used.MemoryBytes} bytes memory of {node.Allocatable.MemoryBytes} allocatable");
            }
        }

        if (problems.Count > 0)
        {
            throw new FleetException(FleetError.Precondition,
                $"resize of {name} refused: it does not fit where its replicas run ({string.Join("; ", problems)}). "
                + "A resize changes replicas in place and never moves them; scale the workload down, or free room on those nodes, first");
        }
    }
}
