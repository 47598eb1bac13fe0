namespace Edge.Ctl.Simulation;

/// <summary>One timeline entry as JSON: seconds since the start and the same time as text.</summary>
internal sealed record SimulationEventView(double AtSeconds, string At, string Object, string Action, int? From, int? To, string Reason);
