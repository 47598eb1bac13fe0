namespace Edge.Controller.Fleet;

/// <summary>Replicas' phases as their nodes report them: jobs that finish, and their runs.</summary>
internal sealed partial class FleetState
{
    /// <summary>The explanation with what the replica's node reports of it: phase, a job's runs and exit code.</summary>
    private ReplicaExplanation WithPhaseLocked(string workload, string node, ReplicaExplanation explanation) =>
        _nodes.TryGetValue(node, out var entry) && entry.Workloads.FirstOrDefault(w => w.Name == workload) is { } observed
            ? explanation with { Phase = observed.Phase.ToString(), Attempts = observed.Attempts, ExitCode = observed.ExitCode }
            : explanation;

    private static string ReportedText(ObservedWorkload observed) =>
        observed.Phase == ObservedPhase.Succeeded
            ? $"finished: exit code {observed.ExitCode ?? 0} after {Math.Max(1, observed.Attempts)} run(s)"
            : $"the agent reports it {observed.Phase}";
}
