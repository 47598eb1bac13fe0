namespace Edge.Agent.Core;

/// <summary>One step of a reconcile plan. Every command is safe to repeat.</summary>
public abstract record RuntimeCommand(string Workload, string Reason);

public sealed record StartWorkload(WorkloadSpec Spec, string Reason) : RuntimeCommand(Spec.Name, Reason);

public sealed record StopWorkload(string Name, string Reason) : RuntimeCommand(Name, Reason);

/// <summary>Limits or the cold flag changed: applied to the running workload in place; in-flight invocations finish.</summary>
public sealed record UpdateWorkload(WorkloadSpec Spec, string Reason) : RuntimeCommand(Spec.Name, Reason);
