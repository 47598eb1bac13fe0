using System.Collections.Frozen;

namespace Edge.Controller.Fleet;

/// <summary>
/// What each node may speak for on MQTT: the workloads of its desired state (placed on it or
/// held cold there) and their trigger and reply topics. Written under <c>_gate</c> whenever a
/// node's desired state is computed; read without it, so telemetry and the broker never queue
/// behind an apply.
/// </summary>
internal sealed partial class FleetState
{
    /// <summary>The workloads the node runs or holds cold, and their MQTT topics; empty for a node with none or unknown.</summary>
    public NodeScope ScopeOf(string node) => _live.TryGetValue(node, out var entry) ? entry.Scope : NodeScope.Empty;

    private void IndexScopeLocked(NodeEntry entry, string hash, DesiredSnapshot snapshot)
    {
        if (entry.Scope.Hash == hash)
        {
            return;
        }

        // Nodes with the same desired state (a global workload's thousands) share one scope: the
        // hash names the whole list, so a flush builds each distinct scope once.
        if (_lastScope is not { } scope || scope.Hash != hash)
        {
            var topics = snapshot.Workloads.SelectMany(w => w.Triggers)
                .Where(t => t.Kind == "mqtt")
                .SelectMany(t => new[] { t.Topic, t.ReplyTopic })
                .Where(t => t.Length > 0);
            scope = new NodeScope(hash, snapshot.Workloads.Select(w => w.Id).ToFrozenSet(StringComparer.Ordinal), topics.ToFrozenSet(StringComparer.Ordinal));
            _lastScope = scope;
        }

        entry.Scope = scope;
    }

    private NodeScope? _lastScope;
}
