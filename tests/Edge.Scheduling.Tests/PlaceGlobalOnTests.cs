using Edge.Scheduling;
using static Edge.Scheduling.Tests.Fleet;

namespace Edge.Scheduling.Tests;

public sealed class PlaceGlobalOnTests
{
    [Test]
    public void PlaceGlobalOn_FittingNode_PlacesOnceWithUniqueOrdinals()
    {
        var engine = Engine(Node("a"), Node("b"));
        var daemon = Workload("agentd") with { Mode = PlacementMode.Global };

        var first = engine.PlaceGlobalOn(daemon, "a");
        var again = engine.PlaceGlobalOn(daemon, "a");
        var second = engine.PlaceGlobalOn(daemon, "b");

        Assert.Multiple(() =>
        {
            Assert.That(first?.Node, Is.EqualTo("a"));
            Assert.That(again, Is.Null, "one replica per node");
            Assert.That(second?.Node, Is.EqualTo("b"));
            Assert.That(second?.Ordinal, Is.Not.EqualTo(first?.Ordinal));
            Assert.That(engine.Cache.AssignmentsOf("agentd"), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void PlaceGlobalOn_FilteredNodes_NothingPlaced()
    {
        var engine = Engine(
            Node("tainted") with { Taints = [new Taint("edge.io/maintenance", "true", TaintEffect.NoSchedule)] },
            Node("small", cpu: 50),
            Node("other", labels: ("zone", "b")),
            Node("down") with { Condition = NodeCondition.Disconnected });
        var daemon = Workload("agentd") with { Mode = PlacementMode.Global, NodeSelector = Labels(("zone", "a")) };
        var anywhere = Workload("any") with { Mode = PlacementMode.Global };

        Assert.Multiple(() =>
        {
            Assert.That(engine.PlaceGlobalOn(daemon, "other"), Is.Null, "selector");
            Assert.That(engine.PlaceGlobalOn(anywhere, "tainted"), Is.Null, "taint");
            Assert.That(engine.PlaceGlobalOn(anywhere, "small"), Is.Null, "insufficient cpu");
            Assert.That(engine.PlaceGlobalOn(anywhere, "down"), Is.Null, "not ready");
            Assert.That(engine.PlaceGlobalOn(Workload("web"), "other"), Is.Null, "replicated workloads are not global");
            Assert.That(engine.Cache.Utilization().Requested, Is.EqualTo(default(ResourceAmount)));
        });
    }
}
