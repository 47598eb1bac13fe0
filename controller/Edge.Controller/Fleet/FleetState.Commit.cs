using Edge.Controller.Store;

namespace Edge.Controller.Fleet;

/// <summary>
/// Store writes and snapshot hand-over, outside the fleet lock. Decisions are made under
/// <c>_gate</c> and staged in <see cref="_open"/>; a commit takes the staged changes (briefly
/// under <c>_gate</c>), writes them in one store call per kind, and only then hands the
/// snapshots to the nodes' sessions: an agent never sees a version the store does not hold.
/// Commits run one at a time (<see cref="_commitGate"/>), in the order the decisions were made,
/// so the store never goes back to an older record. Lock order: <c>_commitGate</c>, then <c>_gate</c>.
/// </summary>
internal sealed partial class FleetState
{
    private readonly Lock _commitGate = new();

    /// <summary>Changes decided and not yet taken by a commit; under <c>_gate</c>.</summary>
    private FleetCommit _open = new();

    /// <summary>Counts staging calls; under <c>_gate</c>.</summary>
    private long _staged;

    /// <summary>The last <see cref="_staged"/> count a commit wrote; written under <see cref="_commitGate"/>.</summary>
    private long _committed;

    private static readonly TimeSpan CommitSafetyNet = TimeSpan.FromMilliseconds(200);

    private bool _drainQueued;

    private ITimer? _drainTimer;

    /// <summary>Created on first use, under _gate.</summary>
    private ITimer DrainTimer => _drainTimer ??= _time.CreateTimer(static state => ((FleetState)state!).CommitQueued(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    /// <summary>Stages a copy of the node's record (what it is now) for the next commit.</summary>
    private void StageNodeLocked(NodeEntry entry)
    {
        _open.Nodes[entry.Record.Id] = entry.Record.Copy();
        StagedLocked();
    }

    /// <summary>Stages the node's desired version and hash alone (the record did not change).</summary>
    private void StageDesiredLocked(NodeEntry entry)
    {
        _open.Desired[entry.Record.Id] = new DesiredRecord(entry.Record.Id, entry.Record.DesiredVersion, entry.Record.DesiredHash);
        StagedLocked();
    }

    private void StageNodeDeleteLocked(string name)
    {
        _open.Nodes[name] = null;
        _open.Desired.Remove(name);
        _open.Sends.Remove(name);
        StagedLocked();
    }

    /// <summary>Stages a snapshot for the node's session, sent after the commit that stores its version.</summary>
    private void StageSendLocked(NodeEntry entry, DesiredSnapshot snapshot)
    {
        _open.Sends[entry.Record.Id] = (entry, snapshot);
        StagedLocked();
    }

    private void StageAssignmentsLocked(Dictionary<string, AssignmentRecord?> changes)
    {
        foreach (var (id, a) in changes)
        {
            _open.Assignments[id] = a;
        }

        StagedLocked();
    }

    /// <summary>What a caller under <c>_gate</c> takes with it to <see cref="Commit"/> after releasing the lock.</summary>
    private long TicketLocked() => _staged;

    /// <summary>
    /// Every public change commits before it returns; a timer (<see cref="CommitSafetyNet"/>)
    /// commits too, so that changes staged by a caller that forgot to still go out.
    /// </summary>
    private void StagedLocked()
    {
        _staged++;
        if (!_drainQueued)
        {
            _drainQueued = true;
            DrainTimer.Change(CommitSafetyNet, Timeout.InfiniteTimeSpan);
        }
    }

    private void CommitQueued()
    {
        try
        {
            Commit(long.MaxValue);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCommitFailed(ex);
        }
    }

    /// <summary>
    /// Returns once everything staged up to <paramref name="ticket"/> is stored and its snapshots
    /// handed to the sessions. Call it outside <c>_gate</c>. A store failure is thrown to the
    /// caller and the changes stay staged for the next commit.
    /// </summary>
    private void Commit(long ticket)
    {
        if (Interlocked.Read(ref _committed) >= ticket)
        {
            return;
        }

        lock (_commitGate)
        {
            if (Interlocked.Read(ref _committed) >= ticket)
            {
                return;
            }

            FleetCommit batch;
            long upTo;
            lock (_gate)
            {
                _drainQueued = false;
                batch = _open;
                upTo = _staged;
                _open = new FleetCommit();
            }

            if (batch.IsEmpty)
            {
                Interlocked.Exchange(ref _committed, upTo);
                return;
            }

            try
            {
                if (batch.Assignments.Count > 0)
                {
                    _store.SaveAssignments(
                        [.. batch.Assignments.Values.Where(a => a is not null).Select(a => a!)],
                        [.. batch.Assignments.Where(kv => kv.Value is null).Select(kv => kv.Key)]);
                }

                var saves = batch.Nodes.Values.Where(n => n is not null).Select(n => n!).ToList();
                if (saves.Count > 0)
                {
                    _store.SaveNodes(saves);
                }

                if (batch.Desired.Count > 0)
                {
                    _store.SaveDesired([.. batch.Desired.Values]);
                }

                foreach (var (name, _) in batch.Nodes.Where(kv => kv.Value is null))
                {
                    _store.DeleteNode(name);
                }
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    _open.Beneath(batch);
                }

                StoreFailed(ex);
                throw;
            }

            StoreFailed(null);
            Interlocked.Exchange(ref _committed, upTo);
            foreach (var (entry, snapshot) in batch.Sends.Values)
            {
                entry.Session?.Send(snapshot);
            }
        }
    }
}
