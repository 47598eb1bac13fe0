namespace Edge.Benchmarks;

/// <summary>Which path ingests telemetry during a pass of the telemetry suite.</summary>
internal enum IngestMode
{
    None,
    Intercept,
    Subscriber,
}
