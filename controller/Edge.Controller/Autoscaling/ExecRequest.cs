using System.Diagnostics;

namespace Edge.Controller.Autoscaling;

/// <summary>One running call of the operator script.</summary>
internal sealed record ExecRequest(string Action, string Group, string? Node, Process Process, Task<string> Stdout, Task<string> Stderr, DateTimeOffset StartedAt);
