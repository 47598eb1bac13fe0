namespace Edge.Agent.Core;

/// <summary>
/// Desired + observed → the commands that make observed match desired.
/// Stops come first so a changed workload is never run twice at once. A change of limits or
/// of the cold flag alone is an <see cref="UpdateWorkload"/>: applied in place, no stop.
/// </summary>
public static class ReconcilePlanner
{
    public static IReadOnlyList<RuntimeCommand> Plan(
        DesiredState desired,
        IReadOnlyDictionary<string, WorkloadSpec> running,
        IReadOnlyDictionary<string, WorkloadStatus> observed)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(observed);
        var wanted = desired.Workloads.ToDictionary(w => w.Name, StringComparer.Ordinal);
        var stops = new List<RuntimeCommand>();
        var starts = new List<RuntimeCommand>();

        foreach (var (name, spec) in running.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!wanted.TryGetValue(name, out var want))
            {
                stops.Add(new StopWorkload(name, "no longer in the desired state"));
            }
            else if (spec.DiffersFrom(want) && !spec.ChangesInPlaceTo(want))
            {
                stops.Add(new StopWorkload(name, "its spec changed"));
            }
        }

        foreach (var want in desired.Workloads)
        {
            if (!running.TryGetValue(want.Name, out var spec))
            {
                starts.Add(new StartWorkload(want, "in the desired state, not running"));
            }
            else if (spec.ChangesInPlaceTo(want))
            {
                starts.Add(new UpdateWorkload(want, spec.Cold != want.Cold
                    ? (want.Cold ? "scaled to zero: held cold" : "woken: no longer cold")
                    : "its limits changed"));
            }
            else if (spec.DiffersFrom(want))
            {
                starts.Add(new StartWorkload(want, "its spec changed"));
            }
            else if (observed.TryGetValue(want.Name, out var status) && status.Phase == WorkloadPhase.Failed
                     && status.ModuleDigest != want.ModuleDigest)
            {
                starts.Add(new StartWorkload(want, "failed with another module"));
            }
        }

        return [.. stops, .. starts];
    }
}
