namespace Edge.Controller.Fleet;

/// <summary>One placed replica as the workload autoscaler sees it: ready when its node is Ready and runs it.</summary>
internal sealed record AutoscaleReplica(int Ordinal, string Node, bool Ready);
