namespace Edge.Scheduling;

/// <summary>A soft node preference: nodes matching the term score its weight (1-100).</summary>
public sealed record PreferredSchedulingTerm(int Weight, NodeSelectorTerm Preference);
