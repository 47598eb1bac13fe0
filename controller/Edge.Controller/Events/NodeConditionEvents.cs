using Edge.Controller.Fleet;
using Edge.Controller.Hosting;
using Edge.Scheduling.Health;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Events;

/// <summary>
/// The node health conditions (NotApplying, StoreFailed, TelemetryStalled; docs/controller.md)
/// are judged whenever a node is viewed, so nothing records when one is raised or cleared. This
/// pass looks every <see cref="EventOptions.ConditionCheckPeriod"/> and turns each change into an
/// event: a raised condition a Warning with its reason and message, a cleared one Normal.
/// </summary>
internal sealed partial class NodeConditionEvents(FleetState fleet, IOptions<EventOptions> options, TimeProvider time, ILogger<NodeConditionEvents> logger) : PeriodicPass(time)
{
    private readonly Dictionary<string, HashSet<NodeHealthType>> _raised = new(StringComparer.Ordinal);

    protected override TimeSpan? Period => options.Value.ConditionCheckPeriod;

    /// <summary>One look at every node (internal: tests drive it).</summary>
    internal void Check() => RunPass();

    protected override void RunPass()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in fleet.ListNodes())
        {
            seen.Add(node.Name);
            var before = _raised.GetValueOrDefault(node.Name) ?? [];
            var now = node.HealthConditions.ToDictionary(c => c.Type);
            foreach (var (type, c) in now.Where(kv => !before.Contains(kv.Key)))
            {
                fleet.Events.Node(node.Name, EventType.Warning, type.ToString(), $"{type} ({c.Reason}): {c.Message}");
            }

            foreach (var type in before.Where(t => !now.ContainsKey(t)))
            {
                fleet.Events.Node(node.Name, EventType.Normal, $"{type}Cleared", $"{type} no longer holds");
            }

            _raised[node.Name] = [.. now.Keys];
        }

        foreach (var gone in _raised.Keys.Where(n => !seen.Contains(n)).ToList())
        {
            _raised.Remove(gone);
        }
    }

    protected override void OnPassFailed(Exception exception) => LogCheckFailed(exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Node condition events pass failed")]
    private partial void LogCheckFailed(Exception exception);
}
