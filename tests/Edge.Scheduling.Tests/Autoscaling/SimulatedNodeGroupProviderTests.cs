using Edge.Scheduling.Autoscaling;

namespace Edge.Scheduling.Tests.Autoscaling;

public sealed class SimulatedNodeGroupProviderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly NodeGroup Group = new()
    {
        Name = "pi",
        MaxSize = 10,
        Template = new PlacementNode { Name = "t", Allocatable = new ResourceAmount(4000, 4L << 30) },
    };

    [Test]
    public void IncreaseSize_NodesComeUpAfterTheDelay_WithTheGroupLabel()
    {
        var provider = new SimulatedNodeGroupProvider(TimeSpan.FromSeconds(30), 0, new Random(1));

        Assert.That(provider.IncreaseSize(Group, 2, T0), Is.Null);
        Assert.That(provider.Poll(T0.AddSeconds(29)), Is.Empty);
        var events = provider.Poll(T0.AddSeconds(30));

        Assert.That(events.Select(e => e.Node!.Name), Is.EqualTo(new[] { "pi-1", "pi-2" }));
        Assert.That(events[0].Node!.Labels[NodeGroup.Label], Is.EqualTo("pi"));
        Assert.That(provider.Poll(T0.AddHours(1)), Is.Empty, "each event is reported once");
    }

    [Test]
    public void IncreaseSize_FailureRateOne_EveryRequestFails()
    {
        var provider = new SimulatedNodeGroupProvider(TimeSpan.Zero, 1, new Random(1));
        provider.IncreaseSize(Group, 3, T0);

        Assert.That(provider.Poll(T0).Select(e => e.Kind), Is.EqualTo(Enumerable.Repeat(ProviderEventKind.ScaleUpFailed, 3)));
    }

    [Test]
    public void Constructor_BadFailureRate_Throws()
    {
        Assert.That(() => new SimulatedNodeGroupProvider(TimeSpan.Zero, 1.5, new Random(1)), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
