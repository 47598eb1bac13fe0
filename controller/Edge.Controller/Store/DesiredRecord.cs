namespace Edge.Controller.Store;

/// <summary>
/// A node's desired-state version and the hash of what it holds, stored apart from the node
/// record: a change to a global workload moves the version of every node at once.
/// </summary>
public sealed record DesiredRecord(string Node, long Version, string Hash);
