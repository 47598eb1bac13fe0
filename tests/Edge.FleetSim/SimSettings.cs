namespace Edge.FleetSim;

/// <summary>How a simulator process runs its nodes; the periods default to the real agent's.</summary>
internal sealed record SimSettings
{
    /// <summary>The controller's gRPC address.</summary>
    public required Uri Controller { get; init; }

    /// <summary>Node names are {Prefix}-{index:D5}.</summary>
    public string Prefix { get; init; } = "sim";

    /// <summary>The broker; null = the address the controller's Welcome advertises, as the agent does.</summary>
    public Uri? Mqtt { get; init; }

    public TimeSpan HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan TelemetryPeriod { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A Connect stream without a Welcome after this long is dropped and dialled again. Streams
    /// opened in a burst on a new HTTP/2 connection, before the controller's SETTINGS arrive,
    /// can be queued on that connection past its stream limit and wait there for a slot that
    /// long-lived streams never free (dotnet/runtime#40249); a new attempt goes to a connection
    /// with room, or the handler opens one.
    /// </summary>
    public TimeSpan WelcomeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Nodes started per second by <c>add</c>, so a fleet does not hit the controller in one burst.</summary>
    public int RampPerSecond { get; init; } = 500;

    /// <summary>Labels every node reports (placement selects on them).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string NodeName(int index) => $"{Prefix}-{index:D5}";
}
