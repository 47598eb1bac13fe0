using System.Globalization;
using Edge.Controller.Events;
using Edge.Controller.Fleet;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Autoscaling;

/// <summary>What providers report, nodes that register, and removals: taint, drain, delete, or give back.</summary>
internal sealed partial class NodeAutoscalerLoop
{
    private void Handle(ProviderEvent e, DateTimeOffset now)
    {
        switch (e.Kind)
        {
            case ProviderEventKind.NodeReady when e.Node is { } node:
                // The simulated provider's nodes have no agent to enroll them: the fleet adds them.
                _fleet.AddSimulatedNode(node);
                break;
            case ProviderEventKind.ScaleUpFailed:
                lock (_gate)
                {
                    _state = _state.ScaleUpFailed(e.Group, e.Message, now, _decisionOptions);
                    RecordLocked(new NodeAutoscalerEvent(now, "scale-up-failed", e.Group, "", $"{e.Message}; backing off until {Clock(_state.Backoff[e.Group].Until)}"));
                }

                LogScaleUpFailed(e.Group, e.Message);
                break;
            case ProviderEventKind.NodeDeleted:
                var deleted = e.NodeName ?? e.Message;
                try
                {
                    _fleet.DeleteNode(deleted);
                }
                catch (FleetException ex) when (ex.Error == FleetError.NotFound)
                {
                    // Gone already (an admin deleted it): nothing left to forget.
                }

                lock (_gate)
                {
                    _removals.Remove(deleted);
                    _verdicts.Remove(deleted);
                    RecordLocked(new NodeAutoscalerEvent(now, "node-deleted", e.Group, deleted, "the provider deleted the node; it left the fleet"));
                }

                _readyBefore.Remove(deleted);
                LogNodeDeleted(deleted, e.Group);
                break;
            case ProviderEventKind.DeleteFailed when e.NodeName is { } failed:
                GiveBack(failed, now, $"the provider could not delete it: {e.Message}");
                break;
        }
    }

    /// <summary>A node of a group with requests outstanding turned Ready: the oldest request is fulfilled.</summary>
    private void NoticeRegistrations(NodeAutoscalingSnapshot snapshot, IEnumerable<string> groups, DateTimeOffset now)
    {
        var known = groups.ToHashSet(StringComparer.Ordinal);
        var ready = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in snapshot.Nodes)
        {
            if (node.Condition != NodeCondition.Ready || !node.Labels.TryGetValue(NodeGroup.Label, out var group) || !known.Contains(group))
            {
                continue;
            }

            ready.Add(node.Name);
            if (_readyBefore.Contains(node.Name))
            {
                continue;
            }

            lock (_gate)
            {
                if (_state.Upcoming.FirstOrDefault(u => u.Group == group) is { } request)
                {
                    _state = _state.NodeRegistered(group);
                    RecordLocked(new NodeAutoscalerEvent(now, "node-registered", group, node.Name,
                        string.Create(CultureInfo.InvariantCulture, $"registered {(now - request.RequestedAt).TotalSeconds:0.#} s after the request; {_state.Upcoming.Count(u => u.Group == group)} more awaited")));
                    LogRegistered(node.Name, group);
                }
            }
        }

        _readyBefore = ready;
    }

    /// <summary>Taints the node ToBeDeleted and drains it through the fleet's lifecycle.</summary>
    private void StartRemoval(NodeVerdict verdict, string provider, DateTimeOffset now)
    {
        var removal = new NodeRemoval(verdict.Node, verdict.Group!, provider, now, verdict.Reason);
        try
        {
            _fleet.TaintNode(verdict.Node, [new Taint(ToBeDeletedTaint, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), TaintEffect.NoSchedule)], []);
            lock (_gate)
            {
                _removals[verdict.Node] = removal;
            }

            _fleet.DrainNode(verdict.Node);
        }
        catch (FleetException ex)
        {
            GiveBack(verdict.Node, now, $"could not start the removal: {ex.Message}");
            return;
        }

        Record(now, "scale-down", removal.Group, removal.Node, $"tainted {ToBeDeletedTaint}, cordoned and draining: {verdict.Reason}");
        LogScaleDown(removal.Node, removal.Group, verdict.Reason);
    }

    /// <summary>Drained nodes go to their provider; drains past the limit, or uncordoned by an admin, are given back.</summary>
    private void AdvanceRemovals(DateTimeOffset now, Dictionary<string, (Store.NodeGroupRecord Record, NodeGroup Group)> groups)
    {
        List<NodeRemoval> draining;
        lock (_gate)
        {
            draining = [.. _removals.Values.Where(r => r.DeleteRequestedAt is null)];
        }

        foreach (var removal in draining)
        {
            var node = _fleet.GetNode(removal.Node);
            if (node is null)
            {
                lock (_gate)
                {
                    _removals.Remove(removal.Node);
                    RecordLocked(new NodeAutoscalerEvent(now, "node-deleted", removal.Group, removal.Node, "the node left the fleet before its provider was asked (deleted by an admin?)"));
                }
            }
            else if (!node.Cordoned)
            {
                GiveBack(removal.Node, now, "an admin uncordoned it during the drain");
            }
            else if (!node.Draining)
            {
                var group = groups.TryGetValue(removal.Group, out var g) ? g.Group : null;
                var refusal = group is null
                    ? $"node group {removal.Group} no longer exists or its provider is gone"
                    : _providers[removal.Provider].DeleteNode(group, removal.Node, now);
                if (refusal is not null)
                {
                    GiveBack(removal.Node, now, $"the provider refused to delete it: {refusal}");
                    continue;
                }

                lock (_gate)
                {
                    _removals[removal.Node] = removal with { DeleteRequestedAt = now };
                    RecordLocked(new NodeAutoscalerEvent(now, "delete-requested", removal.Group, removal.Node,
                        string.Create(CultureInfo.InvariantCulture, $"drained in {(now - removal.StartedAt).TotalSeconds:0.#} s; asked provider {removal.Provider} to delete it")));
                }
            }
            else if (now - removal.StartedAt >= _options.MaxGracefulTermination)
            {
                GiveBack(removal.Node, now, string.Create(CultureInfo.InvariantCulture,
                    $"the drain did not finish within {_options.MaxGracefulTermination.TotalMinutes:0.#} min (MaxGracefulTermination); {node.Replicas} replica(s) left"));
            }
        }
    }

    /// <summary>Ends a removal without deleting: the taint goes, the node is uncordoned and takes replicas again.</summary>
    private void GiveBack(string name, DateTimeOffset now, string why)
    {
        string group;
        lock (_gate)
        {
            group = _removals.Remove(name, out var removal) ? removal.Group : "";
            RecordLocked(new NodeAutoscalerEvent(now, "removal-abandoned", group, name, why));
        }

        LogGivenBack(name, why);
        try
        {
            var node = _fleet.GetNode(name);
            if (node is not null && node.Taints.Any(t => t.Key == ToBeDeletedTaint))
            {
                _fleet.TaintNode(name, [], [ToBeDeletedTaint]);
            }

            if (node is not null && node.Cordoned)
            {
                _fleet.CordonNode(name, false);
            }
        }
        catch (FleetException ex) when (ex.Error == FleetError.NotFound)
        {
            // Gone meanwhile: nothing to give back.
        }
    }

    /// <summary>
    /// After a restart no removal is in progress: nodes still tainted ToBeDeleted by an earlier run
    /// are given back, as Cluster Autoscaler cleans its taints at start; the next passes decide again.
    /// </summary>
    private void ReleaseLeftovers(DateTimeOffset now)
    {
        foreach (var node in _fleet.SnapshotForNodeAutoscaling().Nodes.Where(n => n.Taints.Any(t => t.Key == ToBeDeletedTaint)))
        {
            GiveBack(node.Name, now, "tainted by an earlier run of the controller; given back at start");
        }
    }

    private void Record(DateTimeOffset at, string kind, string group, string node, string message)
    {
        lock (_gate)
        {
            RecordLocked(new NodeAutoscalerEvent(at, kind, group, node, message));
        }
    }

    private void RecordLocked(NodeAutoscalerEvent e)
    {
        _fleet.Events.NodeAutoscalerDid(e.Kind, e.Group, e.Node, e.Message);
        _history.AddLast(e);
        while (_history.Count > _options.HistorySize)
        {
            _history.RemoveFirst();
        }
    }
}
