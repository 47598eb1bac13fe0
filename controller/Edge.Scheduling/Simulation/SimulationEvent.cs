namespace Edge.Scheduling.Simulation;

/// <summary>One line of a simulation's timeline: when, what, which change, and why.</summary>
/// <param name="At">Time since the scenario's start.</param>
/// <param name="Subject">"workload/NAME", "node/NAME" or "nodegroup/NAME".</param>
/// <param name="Action">scale-up, scale-down, wake, hold, request-nodes, node-ready, node-failed, remove-node, keep-node, note.</param>
public sealed record SimulationEvent(TimeSpan At, string Subject, string Action, int? From, int? To, string Reason);
