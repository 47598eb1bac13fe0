using Edge.Controller.Store;

namespace Edge.Controller.Fleet;

/// <summary>
/// What the fleet decided and has not stored yet: assignment, node record and desired version
/// changes (latest per id, null = deleted) and the snapshots to hand to sessions once they are stored (latest
/// per node). Built under the fleet lock, written and sent outside it.
/// </summary>
internal sealed class FleetCommit
{
    public Dictionary<string, AssignmentRecord?> Assignments { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, NodeRecord?> Nodes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DesiredRecord> Desired { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (NodeEntry Entry, DesiredSnapshot Snapshot)> Sends { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Assignments.Count == 0 && Nodes.Count == 0 && Desired.Count == 0 && Sends.Count == 0;

    /// <summary>Puts an older commit (one whose store write failed) beneath this one: what this one changed again wins.</summary>
    public void Beneath(FleetCommit older)
    {
        foreach (var (id, a) in older.Assignments)
        {
            Assignments.TryAdd(id, a);
        }

        foreach (var (id, n) in older.Nodes)
        {
            Nodes.TryAdd(id, n);
        }

        foreach (var (id, d) in older.Desired)
        {
            Desired.TryAdd(id, d);
        }

        foreach (var (id, s) in older.Sends)
        {
            Sends.TryAdd(id, s);
        }
    }
}
