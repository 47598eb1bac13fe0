using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Autoscaling;

/// <summary>
/// The node groups admins applied, kept in memory and in the store. A group is checked in full
/// (<see cref="NodeGroupRules"/>, and its provider must be one the controller's configuration
/// defines) before anything is stored: a refusal changes nothing.
/// </summary>
internal sealed partial class NodeGroupCatalog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NodeGroupRecord> _groups = new(StringComparer.Ordinal);
    private readonly INodeGroupStore _store;
    private readonly NodeAutoscalingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeGroupCatalog> _logger;

    public NodeGroupCatalog(INodeGroupStore store, IOptions<NodeAutoscalingOptions> options, TimeProvider time, ILogger<NodeGroupCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        foreach (var group in store.LoadNodeGroups())
        {
            _groups[group.Id] = group;
            if (!_options.Providers.ContainsKey(group.Provider))
            {
                // Kept (the operator may put the provider back), but the autoscaler leaves it alone.
                LogProviderMissing(group.Id, group.Provider);
            }
        }
    }

    /// <summary>The provider's type for a group, or null when the configuration no longer defines it.</summary>
    public string? ProviderType(NodeGroupRecord group) =>
        _options.Providers.TryGetValue(group.Provider, out var provider) ? provider.Type : null;

    /// <returns>The stored group and whether it changed.</returns>
    public (NodeGroupRecord Group, bool Changed) Apply(NodeGroupRecord group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var problems = NodeGroupRules.Check(ToDomain(group)).Select(p => $"{p.Field}: {p.Problem}").ToList();
        problems.AddRange(Edge.Agent.Core.ExtendedResourceRules.Problems(group.ExtendedResources).Select(p => $"spec.template.extendedResources: {p}"));
        if (group.Provider.Length == 0)
        {
            problems.Add($"spec.provider: required; name one of the controller's providers ({Configured()})");
        }
        else if (!_options.Providers.ContainsKey(group.Provider))
        {
            problems.Add($"spec.provider: unknown provider \"{group.Provider}\"; the controller's configuration ({NodeAutoscalingOptions.Section}:Providers) defines {Configured()}");
        }

        if (problems.Count > 0)
        {
            throw new FleetException(FleetError.Invalid, $"node group {group.Id}: {string.Join("; ", problems)}");
        }

        lock (_gate)
        {
            if (_groups.TryGetValue(group.Id, out var existing) && existing.SameSpecAs(group))
            {
                return (existing, false);
            }

            group.UpdatedAt = _time.GetUtcNow();
            _store.SaveNodeGroup(group);
            _groups[group.Id] = group;
            LogApplied(group.Id, group.MinSize, group.MaxSize, group.Provider);
            return (group, true);
        }
    }

    public NodeGroupRecord? Get(string name)
    {
        lock (_gate)
        {
            return _groups.GetValueOrDefault(name);
        }
    }

    public IReadOnlyList<NodeGroupRecord> List()
    {
        lock (_gate)
        {
            return [.. _groups.Values.OrderBy(g => g.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Forgets a group; its nodes stay in the fleet, in no group.</summary>
    public NodeGroupRecord Delete(string name)
    {
        lock (_gate)
        {
            if (!_groups.Remove(name, out var group))
            {
                throw new FleetException(FleetError.NotFound, $"node group \"{name}\" not found");
            }

            _store.DeleteNodeGroup(name);
            LogDeleted(name);
            return group;
        }
    }

    public static NodeGroup ToDomain(NodeGroupRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new NodeGroup
        {
            Name = record.Id,
            MinSize = record.MinSize,
            MaxSize = record.MaxSize,
            Priority = record.Priority,
            Cost = record.Cost,
            Template = new PlacementNode
            {
                Name = record.Id + "-template",
                Labels = new Dictionary<string, string>(record.Labels, StringComparer.Ordinal),
                Taints = [.. record.Taints.Select(t => new Taint(t.Key, t.Value, t.Effect))],
                Allocatable = new ResourceAmount(record.CpuMillis, record.MemoryBytes),
                MaxWorkloads = record.MaxWorkloads,
                ExtendedResources = new Dictionary<string, long>(record.ExtendedResources, StringComparer.Ordinal),
            },
        };
    }

    private string Configured() =>
        _options.Providers.Count == 0 ? "no provider yet" : string.Join(", ", _options.Providers.Keys.Order(StringComparer.Ordinal));

    [LoggerMessage(EventId = 1780, Level = LogLevel.Information, Message = "Node group {Group} applied: min {Min}, max {Max}, provider {Provider}")]
    private partial void LogApplied(string group, int min, int max, string provider);

    [LoggerMessage(EventId = 1781, Level = LogLevel.Information, Message = "Node group {Group} deleted; its nodes stay, in no group")]
    private partial void LogDeleted(string group);

    [LoggerMessage(EventId = 1782, Level = LogLevel.Warning, Message = "Node group {Group} names provider {Provider}, which the configuration no longer defines; the node autoscaler leaves the group alone")]
    private partial void LogProviderMissing(string group, string provider);
}
