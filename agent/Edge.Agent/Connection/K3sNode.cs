namespace Edge.Agent.Connection;

/// <summary>K3s as found on this device: its node name and the labels its config gives the node.</summary>
internal sealed record K3sNode(string Name, IReadOnlyDictionary<string, string> Labels);
