using System.Globalization;

namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// Applies expanders in order, each keeping only its best options, as Cluster Autoscaler chains
/// --expander=priority,least-waste; options still tied at the end go to the smallest group name.
/// </summary>
public static class ExpanderChain
{
    public static (ExpansionOption Best, string Reason) Choose(IReadOnlyList<ExpansionOption> options, IReadOnlyList<Expander> expanders, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(expanders);
        ArgumentNullException.ThrowIfNull(random);
        if (options.Count == 0)
        {
            throw new ArgumentException("no options to choose from", nameof(options));
        }

        var left = options.OrderBy(o => o.Group.Name, StringComparer.Ordinal).ToList();
        var steps = new List<string>();
        foreach (var expander in expanders)
        {
            if (left.Count == 1)
            {
                break;
            }

            var before = left.Count;
            left = expander switch
            {
                Expander.LeastWaste => Best(left, o => -o.Waste),
                Expander.MostPods => Best(left, o => o.Replicas),
                Expander.Priority => Best(left, o => o.Group.Priority),
                Expander.Price => Best(left, o => -o.CostPerReplica),
                Expander.LeastNodes => Best(left, o => o.Nodes > 0 ? -o.Nodes : double.NegativeInfinity),
                _ => [left[random.Next(left.Count)]],
            };
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"{Name(expander)} kept {left.Count} of {before}"));
        }

        var best = left[0];
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"{options.Count} group(s) could help; {(steps.Count == 0 ? "only option" : string.Join(", ", steps))}; {best.Group.Name}: {best.Nodes} node(s) for {best.Replicas} replica(s), waste {best.Waste:0.###}, priority {best.Group.Priority}, cost/replica {best.CostPerReplica:0.###}");
        return (best, reason);
    }

    public static string Name(Expander expander) => expander switch
    {
        Expander.LeastWaste => "least-waste",
        Expander.MostPods => "most-pods",
        Expander.Priority => "priority",
        Expander.Price => "price",
        Expander.LeastNodes => "least-nodes",
        _ => "random",
    };

    private static List<ExpansionOption> Best(List<ExpansionOption> options, Func<ExpansionOption, double> score)
    {
        var top = options.Max(score);
        return [.. options.Where(o => Math.Abs(score(o) - top) < 1e-9)];
    }
}
