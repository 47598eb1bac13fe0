using Edge.Scheduling;
using static Edge.Scheduling.Tests.Fleet;

namespace Edge.Scheduling.Tests;

public sealed class SpecKeyTests
{
    [Test]
    public void Of_SameContentNewInstances_Equal()
    {
        var first = Constrained("eu-1");
        var second = Constrained("eu-1");

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Not.EqualTo(second), "record equality compares the dictionaries by reference");
            Assert.That(SpecKey.Of(first), Is.EqualTo(SpecKey.Of(second)));
        });
    }

    [Test]
    public void Of_AffinityValueDiffers_NotEqual()
    {
        Assert.That(SpecKey.Of(Constrained("eu-1")), Is.Not.EqualTo(SpecKey.Of(Constrained("eu-2"))));
    }

    [Test]
    public void Of_OnlyReplicasAndPriorityDiffer_Equal()
    {
        var w = Constrained("eu-1");

        Assert.That(SpecKey.Of(w with { Replicas = 40, Priority = 9 }), Is.EqualTo(SpecKey.Of(w)));
    }

    [Test]
    public void UpsertNode_SameContentNewInstance_NoSpecChange()
    {
        var cache = new ClusterCache();
        cache.UpsertNode(Node("a", labels: ("zone", "z1")) with { Taints = [new Taint("k", "v", TaintEffect.NoSchedule)] });
        var epoch = cache.SpecEpoch;

        cache.UpsertNode(Node("a", labels: ("zone", "z1")) with { Taints = [new Taint("k", "v", TaintEffect.NoSchedule)] });
        var unchanged = cache.SpecEpoch;
        cache.UpsertNode(Node("a", labels: ("zone", "z2")) with { Taints = [new Taint("k", "v", TaintEffect.NoSchedule)] });

        Assert.Multiple(() =>
        {
            Assert.That(unchanged, Is.EqualTo(epoch));
            Assert.That(cache.SpecEpoch, Is.GreaterThan(epoch));
        });
    }

    [Test]
    public void Place_WorkloadRebuiltFromRecordEachCall_SameDecisionsAsOneInstance()
    {
        var nodes = Enumerable.Range(0, 6).Select(i => Node($"n{i}", labels: ("zone", i % 2 == 0 ? "eu-1" : "eu-2"))).ToArray();
        var fresh = Engine(nodes);
        var reused = Engine(nodes);
        var one = Constrained("eu-1");

        var a = Enumerable.Range(0, 5).SelectMany(_ => fresh.Place(Constrained("eu-1"), 1).Replicas).Select(r => r.Node);
        var b = Enumerable.Range(0, 5).SelectMany(_ => reused.Place(one, 1).Replicas).Select(r => r.Node);

        Assert.That(a, Is.EqualTo(b));
    }

    private static PlacementWorkload Constrained(string zone) => Workload("web") with
    {
        NodeSelector = Labels(("zone", zone)),
        Affinity = new NodeAffinity { Required = [new NodeSelectorTerm(new NodeSelectorRequirement("zone", SelectorOperator.In, zone))] },
        AntiAffinity = [new WorkloadAntiAffinityTerm(["web"], PlacementNode.HostnameLabel)],
        Tolerations = [new Toleration { Key = "k", Operator = TolerationOperator.Exists }],
        TopologySpread = [new TopologySpreadConstraint("zone", 1, UnsatisfiableAction.ScheduleAnyway)],
    };
}
