using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, NodeScope> _scopes = new(StringComparer.Ordinal);

    /// <summary>The workloads the node runs or holds cold, and their MQTT topics; empty for a node with none or unknown.</summary>
    public NodeScope ScopeOf(string node) => _scopes.TryGetValue(node, out var scope) ? scope : NodeScope.Empty;

    private void IndexScopeLocked(string node, string hash, DesiredSnapshot snapshot)
    {
        if (_scopes.TryGetValue(node, out var had) && had.Hash == hash)
        {
            return;
        }

        var topics = snapshot.Workloads.SelectMany(w => w.Triggers)
            .Where(t => t.Kind == "mqtt")
            .SelectMany(t => new[] { t.Topic, t.ReplyTopic })
            .Where(t => t.Length > 0);
        _scopes[node] = new NodeScope(hash, snapshot.Workloads.Select(w => w.Id).ToFrozenSet(StringComparer.Ordinal), topics.ToFrozenSet(StringComparer.Ordinal));
    }
}
