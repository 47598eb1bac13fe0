using Edge.Scheduling.Autoscaling;

namespace Edge.Ctl.Manifests;

/// <summary>A validated <c>kind: NodeGroup</c> document: the group and the name of the controller-side provider behind it.</summary>
internal sealed record NodeGroupManifest(NodeGroup Group, string Provider);
