using Edge.Scheduling.Rollouts;

namespace Edge.Scheduling.Tests.Rollouts;

public sealed class CanarySelectionTests
{
    private static RolloutNode Node(string name, string? zone, bool ready = true) =>
        new(name, zone is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["zone"] = zone }, ready);

    [Test]
    public void Select_ThreeZones_OneFromEachBeforeASecondFromAny()
    {
        RolloutNode[] nodes = [Node("a1", "a"), Node("a2", "a"), Node("a3", "a"), Node("b1", "b"), Node("c1", "c"), Node("c2", "c")];

        Assert.That(CanarySelection.Select(nodes, CohortSize.Nodes(3), "zone"), Is.EquivalentTo(new[] { "a1", "b1", "c1" }));
        Assert.That(CanarySelection.Select(nodes, CohortSize.Nodes(5), "zone"), Is.EquivalentTo(new[] { "a1", "a2", "b1", "c1", "c2" }));
    }

    [Test]
    public void Select_Percent_RoundsUpAndAtLeastOne()
    {
        var nodes = Enumerable.Range(0, 250).Select(i => Node($"n{i:000}", null)).ToList();

        Assert.That(CanarySelection.Select(nodes, CohortSize.Share(1), null), Has.Count.EqualTo(3));
        Assert.That(CanarySelection.Select(nodes, CohortSize.Share(0.1), null), Has.Count.EqualTo(1));
        Assert.That(CanarySelection.Select(nodes, CohortSize.Nodes(1000), null), Has.Count.EqualTo(250), "never more than the fleet");
    }

    [Test]
    public void Select_OfflineNodes_ReadyOnesFirstInEveryZone()
    {
        RolloutNode[] nodes = [Node("a1", "a", ready: false), Node("a2", "a"), Node("b1", "b", ready: false)];

        Assert.That(CanarySelection.Select(nodes, CohortSize.Nodes(2), "zone"), Is.EqualTo(new[] { "a2", "a1" }).Or.EqualTo(new[] { "a2", "b1" }));
        Assert.That(CanarySelection.Select(nodes, CohortSize.Nodes(1), "zone"), Is.EqualTo(new[] { "a2" }), "a zone with no Ready node does not take a Ready node's turn");
    }

    [Test]
    public void Select_SameFleetInAnyOrder_SameCanary()
    {
        RolloutNode[] nodes = [Node("x", "b"), Node("y", "a"), Node("z", "a"), Node("w", null)];
        var forward = CanarySelection.Select(nodes, CohortSize.Nodes(3), "zone");
        var backward = CanarySelection.Select([.. nodes.Reverse()], CohortSize.Nodes(3), "zone");

        Assert.That(backward, Is.EqualTo(forward));
        Assert.That(forward, Does.Contain("w"), "nodes without the label are a group of their own");
    }

    [Test]
    public void CohortSize_Bad_Refused()
    {
        Assert.That(() => CohortSize.Nodes(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => CohortSize.Share(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => CohortSize.Share(101), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
