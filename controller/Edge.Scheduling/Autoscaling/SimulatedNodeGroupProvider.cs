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
    private readonly IReadOnlyDictionary<string, double> _groupFailureRates;

    /// <param name="delay">How long a requested node takes to come up (or to fail).</param>
    /// <param name="failureRate">Probability that a requested node fails.</param>
    /// <param name="random">The seeded source failures are drawn from.</param>
    /// <param name="groupFailureRates">Per-group failure rates overriding <paramref name="failureRate"/>.</param>
    public SimulatedNodeGroupProvider(TimeSpan delay, double failureRate, Random random, IReadOnlyDictionary<string, double>? groupFailureRates = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        if (!IsRate(failureRate) || (groupFailureRates?.Values.Any(r => !IsRate(r)) ?? false))
        {
            throw new ArgumentOutOfRangeException(nameof(failureRate), failureRate, "failure rates must be in [0, 1]");
        }

        _groupFailureRates = groupFailureRates ?? new Dictionary<string, double>();

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
            if (_random.NextDouble() < _groupFailureRates.GetValueOrDefault(group.Name, FailureRate))
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
        _scheduled.Add(new ProviderEvent(now, ProviderEventKind.NodeDeleted, group.Name, null, node) { NodeName = node });
        return null;
    }

    private static bool IsRate(double rate) => double.IsFinite(rate) && rate >= 0 && rate <= 1;

    public IReadOnlyList<ProviderEvent> Poll(DateTimeOffset now)
    {
        var due = _scheduled.Where(e => e.At <= now).OrderBy(e => e.At).ToList();
        _scheduled.RemoveAll(e => e.At <= now);
        return due;
    }
}
