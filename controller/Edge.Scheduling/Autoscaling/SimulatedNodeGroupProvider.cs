using System.Globalization;

namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// A provider driven by simulated time: each requested node comes up after <see cref="Delay"/>,
/// or fails at that time with probability <see cref="FailureRate"/> drawn from the seeded random
/// source. Deletions take effect at once. New nodes are named GROUP-N.
/// </summary>
public sealed class SimulatedNodeGroupProvider : INodeGroupProvider
{
    private readonly Random _random;
    private readonly List<ProviderEvent> _scheduled = [];
    private readonly Dictionary<string, int> _next = new(StringComparer.Ordinal);

    public SimulatedNodeGroupProvider(TimeSpan delay, double failureRate, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        if (!double.IsFinite(failureRate) || failureRate < 0 || failureRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(failureRate), failureRate, "failure rate must be in [0, 1]");
        }

        ArgumentNullException.ThrowIfNull(random);
        Delay = delay;
        FailureRate = failureRate;
        _random = random;
    }

    public TimeSpan Delay { get; }

    public double FailureRate { get; }

    /// <summary>Every request accepted so far, for tests and benchmarks.</summary>
    public int Requests { get; private set; }

    public string? IncreaseSize(NodeGroup group, int delta, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (delta <= 0)
        {
            return "delta must be positive";
        }

        Requests++;
        for (var i = 0; i < delta; i++)
        {
            var at = now + Delay;
            if (_random.NextDouble() < FailureRate)
            {
                _scheduled.Add(new ProviderEvent(at, ProviderEventKind.ScaleUpFailed, group.Name, null, "simulated provider failure"));
                continue;
            }

            var n = _next.GetValueOrDefault(group.Name) + 1;
            _next[group.Name] = n;
            var name = string.Create(CultureInfo.InvariantCulture, $"{group.Name}-{n}");
            _scheduled.Add(new ProviderEvent(at, ProviderEventKind.NodeReady, group.Name, group.NewNode(name) with { ConditionSince = at }, "node registered"));
        }

        return null;
    }

    public string? DeleteNode(NodeGroup group, string node, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(group);
        _scheduled.Add(new ProviderEvent(now, ProviderEventKind.NodeDeleted, group.Name, null, node));
        return null;
    }

    public IReadOnlyList<ProviderEvent> Poll(DateTimeOffset now)
    {
        var due = _scheduled.Where(e => e.At <= now).OrderBy(e => e.At).ToList();
        _scheduled.RemoveAll(e => e.At <= now);
        return due;
    }
}
