namespace Edge.Scheduling;

/// <summary>A node taint: key, optional value and effect (edge.io/maintenance=true:NoSchedule).</summary>
public sealed record Taint(string Key, string Value, TaintEffect Effect)
{
    public override string ToString() => Value.Length == 0 ? $"{Key}:{Effect}" : $"{Key}={Value}:{Effect}";
}
