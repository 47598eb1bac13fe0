namespace Edge.Controller.Events;

/// <summary>The kinds of object an event is about, as edgectl names them (<c>--for workload/web</c>).</summary>
internal static class EventKinds
{
    public const string Node = "Node";
    public const string Workload = "Workload";
    public const string Autoscaler = "Autoscaler";
    public const string NodeGroup = "NodeGroup";
    public const string Tenant = "Tenant";

    /// <summary>Enrollment and renewal, before a node has a name the fleet knows.</summary>
    public const string Identity = "Identity";

    public static readonly IReadOnlyList<string> All = [Node, Workload, Autoscaler, NodeGroup, Tenant, Identity];

    /// <summary>The kind spelt in any case ("workload", "NODE"), or null when there is no such kind.</summary>
    public static string? Parse(string text) =>
        All.FirstOrDefault(k => string.Equals(k, text, StringComparison.OrdinalIgnoreCase));
}
