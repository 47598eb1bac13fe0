using Edge.Scheduling;
using LiteDB;

namespace Edge.Controller.Store;

/// <summary>
/// Stores written before tenants were namespaces keyed every workload and autoscaler by its bare
/// name, whatever its tenant. On first load each record of a tenant other than "default" moves to
/// its key (<see cref="WorkloadKeys"/>: "web" of acme becomes "web.acme"), with everything that
/// names it: its replica assignments, the autoscaler aimed at it, anti-affinity terms. Default-tenant
/// records keep their names. One transaction: a crash leaves the old shape or the new, never a mix,
/// and a converted store has nothing left to convert.
/// </summary>
internal sealed partial class LiteDbFleetStore
{
    /// <summary>Converts the old shape in place; returns how many workloads and autoscalers moved to their keys.</summary>
    internal int KeyByTenant()
    {
        var workloads = _workloads.FindAll().ToList();
        var autoscalers = Autoscalers.FindAll().ToList();
        var renames = workloads
            .Where(w => w.Placement.Tenant != WorkloadKeys.DefaultTenant && !WorkloadKeys.IsQualified(w.Id))
            .ToDictionary(w => w.Id, w => WorkloadKeys.Of(w.Placement.Tenant, w.Id), StringComparer.Ordinal);
        var movedAutoscalers = autoscalers.Where(a => a.Tenant != WorkloadKeys.DefaultTenant && !WorkloadKeys.IsQualified(a.Id)).ToList();
        if (renames.Count == 0 && movedAutoscalers.Count == 0)
        {
            return 0;
        }

        lock (_blockGate)
        {
            BlocksLocked(); // one-document-per-assignment stores move into blocks first, under their old names
            _db.BeginTrans();
            try
            {
                // An anti-affinity term named a workload by its id, of whichever tenant: it keeps naming the same one.
                foreach (var w in workloads)
                {
                    var terms = w.Placement.AntiAffinity;
                    var touched = terms.Any(t => t.Workloads.Any(renames.ContainsKey));
                    foreach (var term in terms)
                    {
                        term.Workloads = [.. term.Workloads.Select(n => renames.GetValueOrDefault(n, n))];
                    }

                    if (renames.TryGetValue(w.Id, out var key))
                    {
                        _workloads.Delete(w.Id);
                        w.Id = key;
                        _workloads.Insert(w);
                    }
                    else if (touched)
                    {
                        _workloads.Update(w);
                    }
                }

                var blocks = _db.GetCollection(BlockCollection);
                foreach (var block in blocks.FindAll().Where(b => renames.ContainsKey(b[BlockWorkload].AsString)).ToList())
                {
                    var old = block["_id"].AsString;
                    var key = renames[block[BlockWorkload].AsString];
                    blocks.Delete(old);
                    block["_id"] = key + old[old.LastIndexOf('#')..];
                    block[BlockWorkload] = key;
                    blocks.Insert(block);
                }

                foreach (var a in movedAutoscalers)
                {
                    Autoscalers.Delete(a.Id);
                    a.Id = WorkloadKeys.Of(a.Tenant, a.Id);
                    a.Workload = renames.TryGetValue(a.Workload, out var target) || WorkloadKeys.IsQualified(a.Workload)
                        ? target ?? a.Workload
                        : WorkloadKeys.Of(a.Tenant, a.Workload);
                    Autoscalers.Insert(a);
                }

                _db.Commit();
            }
            catch
            {
                _db.Rollback();
                throw;
            }
            finally
            {
                _blocks = null; // read again, in the new shape
            }
        }

        return renames.Count + movedAutoscalers.Count;
    }
}
