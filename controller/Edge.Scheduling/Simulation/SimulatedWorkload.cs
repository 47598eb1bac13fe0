using Edge.Scheduling.Autoscaling;

namespace Edge.Scheduling.Simulation;

/// <summary>A workload in a scenario: its placement spec (Replicas is the starting count) and, optionally, its autoscaler.</summary>
public sealed record SimulatedWorkload(PlacementWorkload Spec, AutoscalerSpec? Autoscaler);
