using Edge.Scheduling;
using static Edge.Scheduling.Tests.Fleet;

namespace Edge.Scheduling.Tests;

/// <summary>A preferred node (where a cold workload was woken) takes the first replica only when it passes every filter.</summary>
public sealed class PlacementPreferenceTests
{
    [Test]
    public void Place_PreferredFits_TakesItOverAHigherScoreAndListsTheBestAsRunnerUp()
    {
        var engine = Engine(Node("a"), Node("b"), Node("c"));
        engine.Cache.Assign("other", 0, "c", new ResourceAmount(2000, 4 * Gi));

        var replica = engine.Place(Workload("web"), 1, "c").Replicas[0];

        Assert.Multiple(() =>
        {
            Assert.That(replica.Node, Is.EqualTo("c"), "spread scoring alone would choose a");
            Assert.That(replica.Preferred, Is.EqualTo("c"));
            Assert.That(replica.PreferenceRefused, Is.Null);
            Assert.That(replica.RunnersUp.Select(r => r.Node), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(replica.Score, Is.LessThan(replica.RunnersUp[0].Score));
            Assert.That(engine.Cache.RequestedOn("c"), Is.EqualTo(new ResourceAmount(2100, (4 * Gi) + (128L << 20))));
        });
    }

    [Test]
    public void Place_PreferredOutOfCpu_PlacesAsUsualAndSaysHowMuchIsLeft()
    {
        var engine = Engine(Node("a"), Node("b", cpu: 1000));
        engine.Cache.Assign("other", 0, "b", new ResourceAmount(960, 0));

        var replica = engine.Place(Workload("web"), 1, "b").Replicas[0];

        Assert.Multiple(() =>
        {
            Assert.That(replica.Node, Is.EqualTo("a"));
            Assert.That(replica.PreferenceRefused, Is.EqualTo("b has 40m CPU left, needs 100m"));
        });
    }

    [Test]
    public void Place_PreferredOutOfMemory_SaysHowMuchMemoryIsLeft()
    {
        var engine = Engine(Node("a"), Node("b", memoryGi: 1));
        engine.Cache.Assign("other", 0, "b", new ResourceAmount(0, Gi - (64L << 20)));

        var replica = engine.Place(Workload("web"), 1, "b").Replicas[0];

        Assert.That((replica.Node, replica.PreferenceRefused), Is.EqualTo(("a", "b has 64Mi memory left, needs 128Mi")));
    }

    [Test]
    public void Place_PreferredTaintedOrCordoned_FiltersStillApply()
    {
        var engine = Engine(
            Node("a"),
            Node("b") with { Taints = [new Taint("edge.io/maintenance", "", TaintEffect.NoSchedule)] },
            Node("c") with { Cordoned = true });

        var tainted = engine.Place(Workload("web"), 1, "b").Replicas[0];
        var cordoned = engine.Place(Workload("api"), 1, "c").Replicas[0];

        Assert.Multiple(() =>
        {
            Assert.That((tainted.Node, tainted.PreferenceRefused), Is.EqualTo(("a", "b: taint edge.io/maintenance")));
            Assert.That((cordoned.Node, cordoned.PreferenceRefused), Is.EqualTo(("a", "c: node cordoned")));
        });
    }

    [Test]
    public void Place_PreferredBreaksAntiAffinity_NotTaken()
    {
        var hostname = "edge.io/hostname";
        var engine = Engine(Node("a", labels: (hostname, "a")), Node("b", labels: (hostname, "b")));
        engine.Cache.Assign("db", 0, "b", new ResourceAmount(100, 0));
        var web = Workload("web") with { AntiAffinity = [new WorkloadAntiAffinityTerm(["db"], hostname)] };

        var replica = engine.Place(web, 1, "b").Replicas[0];

        Assert.That((replica.Node, replica.PreferenceRefused), Is.EqualTo(("a", "b: anti-affinity edge.io/hostname")));
    }

    [Test]
    public void Place_PreferredAndNothingFits_UnplacedWithBothReasons()
    {
        var engine = Engine(Node("a", cpu: 50), Node("b", cpu: 50));

        var replica = engine.Place(Workload("web"), 1, "b").Replicas[0];

        Assert.Multiple(() =>
        {
            Assert.That(replica.Placed, Is.False);
            Assert.That(replica.PreferenceRefused, Is.EqualTo("b has 50m CPU left, needs 100m"));
            Assert.That(replica.Unplaced!.ToString(), Is.EqualTo("0/2 nodes fit: 2 insufficient cpu"));
        });
    }

    [Test]
    public void Place_PreferredUnknown_PlacesAsUsual()
    {
        var engine = Engine(Node("a"));

        var replica = engine.Place(Workload("web"), 1, "gone").Replicas[0];

        Assert.That((replica.Node, replica.PreferenceRefused), Is.EqualTo(("a", "gone: not a node of the fleet")));
    }

    [Test]
    public void Place_SeveralReplicas_OnlyTheFirstIsPreferred()
    {
        var engine = Engine(Node("a"), Node("b"), Node("c"));
        engine.Cache.Assign("other", 0, "c", new ResourceAmount(2000, 4 * Gi));

        var placement = engine.Place(Workload("web"), 3, "c");

        Assert.Multiple(() =>
        {
            Assert.That(NodesOf(placement), Is.EqualTo(new[] { "c", "a", "b" }));
            Assert.That(placement.Replicas.Select(r => r.Preferred), Is.EqualTo(new[] { "c", null, null }));
        });
    }
}
