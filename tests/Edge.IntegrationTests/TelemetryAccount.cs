namespace Edge.IntegrationTests;

/// <summary>The outcome of a reliability scenario, printed to the test output.</summary>
internal sealed record TelemetryAccount(
    string Scenario,
    ulong Produced,
    ulong Ingested,
    ulong DroppedByPolicy,
    ulong Pending,
    long RedeliveriesCountedOnce,
    int IngestedAgainAfterControllerRestart,
    int DuplicatesWithinOneController,
    long Unexplained,
    string MissingSequences)
{
    /// <summary>Of the dropped, those a broker had taken first (ingested or not).</summary>
    public ulong DroppedAfterSend { get; init; }

    public override string ToString() =>
        $"telemetry account [{Scenario}]: produced {Produced}, ingested {Ingested}, dropped by policy {DroppedByPolicy} ({DroppedAfterSend} of them after a broker took them), " +
        $"still in outbox {Pending}, redeliveries recognised and counted once {RedeliveriesCountedOnce}, " +
        $"ingested again by a restarted controller {IngestedAgainAfterControllerRestart}, " +
        $"duplicates within one controller {DuplicatesWithinOneController}, unexplained {Unexplained}" +
        (MissingSequences.Length > 0 ? $" (sequences not ingested: {MissingSequences})" : "");
}
