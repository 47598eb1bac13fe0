using System.Globalization;

namespace Edge.Scheduling;

/// <summary>One match expression over a node's labels.</summary>
public sealed record NodeSelectorRequirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
    public NodeSelectorRequirement(string key, SelectorOperator op, params string[] values)
        : this(key, op, (IReadOnlyList<string>)values)
    {
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectorOperator.In => has && Values.Contains(value!, StringComparer.Ordinal),
            SelectorOperator.NotIn => !has || !Values.Contains(value!, StringComparer.Ordinal),
            SelectorOperator.Exists => has,
            SelectorOperator.DoesNotExist => !has,
            SelectorOperator.Gt => has && Compare(value!) is > 0,
            SelectorOperator.Lt => has && Compare(value!) is < 0,
            _ => false,
        };
    }

    /// <summary>Sign of label − value for Gt/Lt; null when either side is not an integer (no match).</summary>
    private int? Compare(string label) =>
        Values.Count == 1
        && long.TryParse(label, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var have)
        && long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var want)
            ? have.CompareTo(want)
            : null;

    public override string ToString() => Operator switch
    {
        SelectorOperator.Exists or SelectorOperator.DoesNotExist => $"{Key} {Operator}",
        _ => $"{Key} {Operator} ({string.Join(",", Values)})",
    };
}
