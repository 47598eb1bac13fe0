namespace Edge.Controller.Telemetry;

/// <summary>A workload's figures in one sample; counters are cumulative on the node.</summary>
internal sealed record IngestedWorkload(
    string Name, ulong Invocations, ulong Failures, double P50Ms, double P99Ms, int Warm, int Busy, int Queued);
