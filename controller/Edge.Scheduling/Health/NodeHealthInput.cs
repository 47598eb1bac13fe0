namespace Edge.Scheduling.Health;

/// <summary>What the controller knows of one node's health, as of one instant.</summary>
public sealed record NodeHealthInput
{
    /// <summary>Its Connect stream is open.</summary>
    public bool Connected { get; init; }

    /// <summary>When the current stream began.</summary>
    public DateTimeOffset ConnectedSince { get; init; }

    public long DesiredVersion { get; init; }

    public long AppliedVersion { get; init; }

    /// <summary>Since when the applied version has been below the desired one (null: it is not).</summary>
    public DateTimeOffset? BehindSince { get; init; }

    /// <summary>Workloads the agent reports waiting to start with an error (e.g. a module it cannot fetch), with since when.</summary>
    public IReadOnlyList<(string Name, string Message, DateTimeOffset Since)> Waiting { get; init; } = [];

    public bool StoreFailing { get; init; }

    public string StoreReason { get; init; } = "";

    public DateTimeOffset? StoreFailingSince { get; init; }

    /// <summary>When the controller last took a telemetry sample of the node (null: none since it started).</summary>
    public DateTimeOffset? LastTelemetry { get; init; }
}
