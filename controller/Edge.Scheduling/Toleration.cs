namespace Edge.Scheduling;

/// <summary>
/// Lets a workload run on nodes with matching taints, with Kubernetes semantics
/// (https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/):
/// an empty key with Exists tolerates every taint; a null effect matches every effect.
/// </summary>
public sealed record Toleration
{
    public string Key { get; init; } = "";

    public TolerationOperator Operator { get; init; } = TolerationOperator.Equal;

    public string Value { get; init; } = "";

    public TaintEffect? Effect { get; init; }

    public bool Tolerates(Taint taint)
    {
        ArgumentNullException.ThrowIfNull(taint);
        if (Effect is { } effect && effect != taint.Effect)
        {
            return false;
        }

        if (Key.Length == 0)
        {
            return Operator == TolerationOperator.Exists;
        }

        return Key == taint.Key && (Operator == TolerationOperator.Exists || Value == taint.Value);
    }
}
