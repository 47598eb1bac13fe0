using Edge.Controller.Events;
using Edge.Controller.Store;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Rollouts;

/// <summary>
/// Workload revisions, as a Deployment's: every change of a workload's module, args, env,
/// limits, triggers or runtime makes a numbered revision (scale, placement and autoscaler changes
/// do not); the last <see cref="RevisionOptions.Keep"/> are kept in the fleet store. A template
/// equal to a kept older revision's (an undo, or the old manifest applied again) is a new revision
/// that says which one it brings back.
/// </summary>
/// <remarks>Called by <see cref="Fleet.FleetState"/> under its lock when a workload is stored or deleted: its own lock only, and one small store write.</remarks>
internal sealed class WorkloadRevisions
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<WorkloadRevision>> _byWorkload = new(StringComparer.Ordinal);
    private readonly IRevisionStore? _store;
    private readonly TimeProvider _time;
    private readonly RevisionOptions _options;
    private readonly EventLog? _events;

    public WorkloadRevisions(IRevisionStore? store, TimeProvider time, IOptions<RevisionOptions> options, EventLog? events = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _time = time;
        _options = options.Value;
        _events = events;
        foreach (var r in store?.LoadRevisions() ?? [])
        {
            List(r.Workload).Add(new WorkloadRevision(r.Workload, r.Number, r.CreatedAt, r.ChangeCause, r.Template));
        }

        foreach (var list in _byWorkload.Values)
        {
            list.Sort((a, b) => a.Number.CompareTo(b.Number));
        }
    }

    /// <summary>Revisions kept in memory only (tests).</summary>
    public static WorkloadRevisions InMemory(TimeProvider time) => new(null, time, Options.Create(new RevisionOptions()));

    /// <summary>
    /// A workload was stored: a new revision when its template differs from the current one
    /// (or it has none yet). Returns the new revision, or null when the template is unchanged.
    /// </summary>
    public WorkloadRevision? Saved(WorkloadRecord workload, WorkloadRecord? before)
    {
        ArgumentNullException.ThrowIfNull(workload);
        lock (_gate)
        {
            var list = List(workload.Id);
            var text = Fleet.FleetState.HashText(workload);
            if (list.Count > 0 && list[^1].TemplateText == text)
            {
                return null;
            }

            var dropped = new List<string>();
            if (list.Count == 0 && before is not null)
            {
                // Stored before revisions were kept: what ran until now is revision 1, so an undo can bring it back.
                var first = new WorkloadRevision(workload.Id, 1, before.UpdatedAt, "as applied before revisions were kept", before);
                list.Add(first);
                _store?.SaveRevision(ToRecord(first), []);
            }

            var sameAs = list.LastOrDefault(r => r.TemplateText == text)?.Number;
            var number = list.Count == 0 ? 1 : list[^1].Number + 1;
            var revision = new WorkloadRevision(workload.Id, number, _time.GetUtcNow(), RevisionChange.Describe(before, workload, sameAs), workload);
            list.Add(revision);
            while (list.Count > _options.Keep)
            {
                dropped.Add(RevisionRecord.IdOf(workload.Id, list[0].Number));
                list.RemoveAt(0);
            }

            _store?.SaveRevision(ToRecord(revision), dropped);
            _events?.Workload(workload.Id, EventType.Normal, "RevisionCreated", $"revision {number}: {revision.ChangeCause}");
            return revision;
        }
    }

    /// <summary>A workload was deleted: its revisions go with it (a new one of that name starts at 1).</summary>
    public void Deleted(string workload)
    {
        lock (_gate)
        {
            if (_byWorkload.Remove(workload, out var list) && list.Count > 0)
            {
                _store?.SaveRevision(null, [.. list.Select(r => RevisionRecord.IdOf(workload, r.Number))]);
            }
        }
    }

    /// <summary>The kept revisions of a workload, oldest first.</summary>
    public IReadOnlyList<WorkloadRevision> Of(string workload)
    {
        lock (_gate)
        {
            return _byWorkload.TryGetValue(workload, out var list) ? [.. list] : [];
        }
    }

    private static RevisionRecord ToRecord(WorkloadRevision r) => new()
    {
        Id = RevisionRecord.IdOf(r.Workload, r.Number),
        Workload = r.Workload,
        Number = r.Number,
        CreatedAt = r.CreatedAt,
        ChangeCause = r.ChangeCause,
        Template = r.Template,
    };

    private List<WorkloadRevision> List(string workload)
    {
        if (!_byWorkload.TryGetValue(workload, out var list))
        {
            list = [];
            _byWorkload[workload] = list;
        }

        return list;
    }
}
