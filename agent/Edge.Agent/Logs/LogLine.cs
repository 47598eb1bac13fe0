namespace Edge.Agent.Logs;

/// <summary>
/// One line a workload's run wrote: to stdout, stderr or through edge.log. <see cref="Sequence"/>
/// grows per workload across restarts, so a follower asks for what came after the last it saw.
/// </summary>
internal sealed record LogLine(long Sequence, DateTimeOffset Time, string Invocation, string Stream, string Text)
{
    public const string Stdout = "stdout";
    public const string Stderr = "stderr";
    public const string EdgeLog = "edge.log";

    /// <summary>Bytes the line takes in the ring: its text and a fixed allowance for the rest.</summary>
    public int Cost => Text.Length + Invocation.Length + 48;
}
