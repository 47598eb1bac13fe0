namespace Edge.Controller.Autoscaling;

/// <summary>The operator script behind node groups, and how long one call may take.</summary>
internal sealed record ExecProviderOptions
{
    /// <summary>Executable run once per request; the request is JSON on its standard input (docs/node-groups-exec.md).</summary>
    public required string Command { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>A call still running after this is killed and counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
}
