using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;
using static Edge.Scheduling.Tests.Fleet;

namespace Edge.Scheduling.Tests;

/// <summary>Extended resources as kube-scheduler's NodeResourcesFit counts them: whole devices, request = limit, no overcommit.</summary>
public sealed class ExtendedResourceTests
{
    private static readonly Dictionary<string, long> OneGpu = new(StringComparer.Ordinal) { ["edge.io/gpu"] = 1 };

    private static PlacementNode Gpu(string name, long gpus) => Node(name) with { ExtendedResources = new Dictionary<string, long> { ["edge.io/gpu"] = gpus } };

    [Test]
    public void Place_WorkloadNeedingAGpu_OnlyOnGpuNodesAndNeverMoreThanTheyHave()
    {
        var engine = Engine(Node("a"), Gpu("g1", 1), Gpu("g2", 2), Node("z"));
        var vision = Workload("vision") with { ExtendedRequests = OneGpu };

        var placement = engine.Place(vision, 4);

        Assert.Multiple(() =>
        {
            Assert.That(placement.Replicas.Take(3).Select(r => r.Node), Is.EquivalentTo(new[] { "g1", "g2", "g2" }));
            Assert.That(placement.Replicas[3].Unplaced!.ToString(), Is.EqualTo("0/4 nodes fit: 4 insufficient edge.io/gpu"));
            Assert.That(engine.Cache.ExtendedRequestedOn("g2")["edge.io/gpu"], Is.EqualTo(2));
            Assert.That(engine.Cache.ExtendedOverCapacity(), Is.Empty);
        });
    }

    [Test]
    public void Place_DeviceFreedByAnEndedReplica_TakenAgain()
    {
        var engine = Engine(Node("a"), Gpu("g1", 1));
        var vision = Workload("vision") with { ExtendedRequests = OneGpu };
        engine.Place(vision, 1);
        Assert.That(engine.Place(Workload("other") with { ExtendedRequests = OneGpu }, 1).Replicas[0].Node, Is.Null);

        engine.Cache.Unassign("vision", 0);

        Assert.Multiple(() =>
        {
            Assert.That(engine.Cache.ExtendedRequestedOn("g1"), Is.Empty);
            Assert.That(engine.Place(Workload("other") with { ExtendedRequests = OneGpu }, 1).Replicas[0].Node, Is.EqualTo("g1"));
        });
    }

    [Test]
    public void Place_NoExtendedRequest_ScoresIgnoreDevices()
    {
        // Extended resources only filter: a GPU node is as good as any other for a workload that requests none.
        var engine = Engine(Gpu("g1", 4), Node("n1"));

        var placed = engine.Place(Workload("web"), 1).Replicas[0];

        Assert.That(placed.RunnersUp.Single().Score, Is.EqualTo(placed.Score));
    }

    [Test]
    public void PlaceGlobal_DeviceWorkload_OneReplicaPerGpuNodeLeftOutElsewhere()
    {
        var engine = Engine(Node("a"), Gpu("g1", 1), Gpu("g2", 1));
        var agent = Workload("agent") with { Mode = PlacementMode.Global, ExtendedRequests = OneGpu };

        var placement = engine.Reconcile(agent);

        Assert.Multiple(() =>
        {
            Assert.That(placement.Replicas.Select(r => r.Node), Is.EqualTo(new[] { "g1", "g2" }));
            Assert.That(placement.NodesLeftOut!.ToString(), Is.EqualTo("2/3 nodes fit: 1 insufficient edge.io/gpu"));
        });
    }

    [Test]
    public void Preferred_GpuNodeFull_RefusalNamesTheResource()
    {
        var engine = Engine(Gpu("g1", 1), Gpu("g2", 1));
        engine.Place(Workload("a") with { ExtendedRequests = OneGpu }, 1, preferred: "g1");

        var placed = engine.Place(Workload("b") with { ExtendedRequests = OneGpu }, 1, preferred: "g1").Replicas[0];

        Assert.Multiple(() =>
        {
            Assert.That(placed.Node, Is.EqualTo("g2"));
            Assert.That(placed.PreferenceRefused, Is.EqualTo("g1: insufficient edge.io/gpu"));
        });
    }

    [Test]
    public void ScaleUp_PendingGpuReplica_ChoosesTheGroupWhoseTemplateHasGpus()
    {
        var plain = new NodeGroup { Name = "plain", MaxSize = 5, Template = Node("t") };
        var gpu = new NodeGroup { Name = "gpu", MaxSize = 5, Template = Gpu("t", 2) with { Allocatable = new ResourceAmount(16_000, 64L << 30) } };
        var pending = new[] { new PendingReplicas(Workload("vision") with { ExtendedRequests = OneGpu }, 3) };

        var d = NodeAutoscaler.Decide(new NodeAutoscalerInput { Cache = new ClusterCache(), Groups = [plain, gpu], Pending = pending },
            NodeAutoscalerState.Empty, new NodeAutoscalerOptions(), DateTimeOffset.UnixEpoch, new Random(1));

        // Two GPUs per template node: 3 replicas need 2 nodes, although CPU and memory would take all 3 on one.
        Assert.That(d.ScaleUps.Single(), Has.Property("Group").EqualTo("gpu").And.Property("Nodes").EqualTo(2).And.Property("Replicas").EqualTo(3));
        Assert.That(ScaleUpEstimator.Estimate(plain, pending, 5).Why, Is.EqualTo("vision: insufficient edge.io/gpu on the template"));
    }

    [Test]
    public void ScaleUp_TemplateMaxWorkloads_NewNodesHoldNoMoreThanIt()
    {
        // (100m, 128Mi) each: CPU and memory would put 10 on one node; the template takes 4 workloads at most.
        var group = new NodeGroup { Name = "small", MaxSize = 10, Template = Node("t") with { MaxWorkloads = 4 } };
        var pending = new[] { new PendingReplicas(Workload("web"), 10) };

        var (option, _) = ScaleUpEstimator.Estimate(group, pending, 10);

        Assert.That(option, Has.Property("Nodes").EqualTo(3).And.Property("Replicas").EqualTo(10));
    }

    [Test]
    public void ScaleUp_TemplateMaxWorkloadsAndRoomForOneNode_PlacesOnlyWhatFits()
    {
        var group = new NodeGroup { Name = "small", MaxSize = 1, Template = Node("t") with { MaxWorkloads = 4 } };

        var (option, _) = ScaleUpEstimator.Estimate(group, [new PendingReplicas(Workload("web"), 10)], 1);

        Assert.That(option, Has.Property("Nodes").EqualTo(1).And.Property("Replicas").EqualTo(4));
    }
}
