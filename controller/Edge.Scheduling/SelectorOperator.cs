namespace Edge.Scheduling;

/// <summary>Operators of a node affinity match expression, as Kubernetes NodeSelectorRequirement.</summary>
public enum SelectorOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,

    /// <summary>The label parses as an integer greater than the single value.</summary>
    Gt,

    /// <summary>The label parses as an integer less than the single value.</summary>
    Lt,
}
