namespace Edge.Agent.Runtime;

/// <summary>One invocation's input: the body on stdin and request metadata as environment variables (WAGI).</summary>
public sealed record InvocationRequest
{
    public static readonly InvocationRequest Empty = new();

    public ReadOnlyMemory<byte> Stdin { get; init; }

    /// <summary>Added to the workload's own environment for this run; a request value wins.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
}
