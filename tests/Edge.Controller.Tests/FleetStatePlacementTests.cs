using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Tests;

/// <summary>FleetState with the placement engine: replicas, quotas, scale, delete, labels, taints, cordon, explain.</summary>
public sealed class FleetStatePlacementTests
{
    private FleetHarness _h = null!;

    [SetUp]
    public void SetUp()
    {
        _h = new FleetHarness();
        _h.Connect("a1", Records.Facts(("zone", "a")));
        _h.Connect("a2", Records.Facts(("zone", "a")));
        _h.Connect("a3", Records.Facts(("zone", "a")));
        _h.Connect("b1", Records.Facts(("zone", "b")));
    }

    [Test]
    public void ApplyWorkload_TwoReplicasWithSelector_PlacedOnTwoDistinctMatchingNodesAndStored()
    {
        var result = _h.Fleet.ApplyWorkload(Records.Replicated("web", 2, ("zone", "a")));

        var nodes = NodesRunning("web");
        Assert.Multiple(() =>
        {
            Assert.That(result.ReplicasPlaced, Is.EqualTo(2));
            Assert.That(nodes, Has.Count.EqualTo(2).And.Unique);
            Assert.That(nodes, Is.All.StartWith("a"));
            Assert.That(_h.Store.StoredAssignments.Values.Order(), Is.EqualTo(nodes.Order()));
        });
    }

    [Test]
    public void ApplyWorkload_Replicated_OnlyAssignedNodesGetItInTheirSnapshot()
    {
        var sessions = new[] { "a1", "a2", "a3", "b1" }.ToDictionary(n => n, n => _h.Connect(n, Records.Facts(("zone", n[..1]))));

        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1, ("zone", "a")));

        var pushed = sessions.Where(kv => kv.Value.Outgoing.TryRead(out var s) && s.Workloads.Any(w => w.Id == "web")).Select(kv => kv.Key).ToList();
        Assert.That(pushed, Is.EqualTo(NodesRunning("web")));
    }

    [Test]
    public void ApplyWorkload_OverTenantQuota_RefusedNamingQuotaAndChangesNothing()
    {
        _h.Fleet.ApplyTenant(new TenantRecord { Id = "team", Replicas = 2, MemoryBytes = 100L << 20 });
        var workload = Records.Replicated("web", 3);
        workload.Placement.Tenant = "team";
        var writes = _h.Store.Writes;

        var ex = Assert.Throws<FleetException>(() => _h.Fleet.ApplyWorkload(workload));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Error, Is.EqualTo(FleetError.QuotaExceeded));
            Assert.That(ex.Message, Does.Contain("quota replicas: 3 requested, limit 2, exceeded by 1"));
            Assert.That(ex.Message, Does.Contain("quota memory: 192Mi requested, limit 100Mi, exceeded by 92Mi"));
            Assert.That(_h.Store.Writes, Is.EqualTo(writes));
            Assert.That(_h.Fleet.ListWorkloads(), Is.Empty);
            Assert.That(_h.Store.StoredAssignments, Is.Empty);
        });
    }

    [Test]
    public void ApplyWorkload_UnknownTenant_RefusedNamingTenant()
    {
        var workload = Records.Replicated("web", 1);
        workload.Placement.Tenant = "nobody";

        var ex = Assert.Throws<FleetException>(() => _h.Fleet.ApplyWorkload(workload));

        Assert.That(ex!.Message, Does.Contain("tenant \"nobody\" not found"));
    }

    [Test]
    public void ScaleWorkload_Up_PlacesOnAnotherNode()
    {
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 2, ("zone", "a")));

        var view = _h.Fleet.ScaleWorkload("web", 3);

        Assert.Multiple(() =>
        {
            Assert.That(view.ReplicasPlaced, Is.EqualTo(3));
            Assert.That(NodesRunning("web"), Is.EquivalentTo(new[] { "a1", "a2", "a3" }));
            Assert.That(_h.Store.LoadWorkloads().Single().Placement.Replicas, Is.EqualTo(3));
        });
    }

    [Test]
    public void ScaleWorkload_Down_EndsNewestReplicas()
    {
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 3, ("zone", "a")));
        var first = _h.Store.StoredAssignments["web/0"];

        _h.Fleet.ScaleWorkload("web", 1);

        Assert.That(_h.Store.StoredAssignments, Is.EqualTo(new Dictionary<string, string> { ["web/0"] = first }));
    }

    [Test]
    public void ScaleWorkload_OverQuota_RefusedAndReplicasStay()
    {
        _h.Fleet.ApplyTenant(new TenantRecord { Id = "team", CpuMillis = 250 });
        var workload = Records.Replicated("web", 2);
        workload.Placement.Tenant = "team";
        _h.Fleet.ApplyWorkload(workload);
        var before = _h.Store.StoredAssignments;

        var ex = Assert.Throws<FleetException>(() => _h.Fleet.ScaleWorkload("web", 3));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("quota cpu: 300m requested, limit 250m, exceeded by 50m"));
            Assert.That(_h.Store.StoredAssignments, Is.EqualTo(before));
            Assert.That(_h.Store.LoadWorkloads().Single().Placement.Replicas, Is.EqualTo(2));
        });
    }

    [Test]
    public void ScaleWorkload_Global_RefusedAsPrecondition()
    {
        _h.Fleet.ApplyWorkload(Records.Workload("agentd"));

        var ex = Assert.Throws<FleetException>(() => _h.Fleet.ScaleWorkload("agentd", 2));

        Assert.That(ex!.Error, Is.EqualTo(FleetError.Precondition));
    }

    [Test]
    public void DeleteWorkload_EndsReplicasEverywhereAndForgetsIt()
    {
        var session = _h.Connect("a1", Records.Facts(("zone", "a")));
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 3, ("zone", "a")));
        while (session.Outgoing.TryRead(out _))
        {
        }

        var ended = _h.Fleet.DeleteWorkload("web");

        Assert.Multiple(() =>
        {
            Assert.That(ended, Is.EqualTo(3));
            Assert.That(session.Outgoing.TryRead(out var snapshot) && snapshot.Workloads.Count == 0, Is.True);
            Assert.That(_h.Store.LoadWorkloads(), Is.Empty);
            Assert.That(_h.Store.StoredAssignments, Is.Empty);
            Assert.That(() => _h.Fleet.DeleteWorkload("web"), Throws.TypeOf<FleetException>().With.Property(nameof(FleetException.Error)).EqualTo(FleetError.NotFound));
        });
    }

    [Test]
    public void CordonNode_NoNewReplicasThere_ExistingStay()
    {
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1, ("zone", "a")));
        var first = NodesRunning("web").Single();

        _h.Fleet.CordonNode(first, cordoned: true);
        var others = new[] { "a1", "a2", "a3" }.Where(n => n != first).ToList();
        _h.Fleet.CordonNode(others[0], cordoned: true);
        _h.Fleet.ScaleWorkload("web", 2);

        Assert.Multiple(() =>
        {
            Assert.That(NodesRunning("web"), Is.EquivalentTo(new[] { first, others[1] }));
            Assert.That(_h.Node(first).Cordoned, Is.True);
        });
    }

    [Test]
    public void LabelNode_SelectorNoLongerMatches_ReplicaMovesAndLabelSurvivesRestart()
    {
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1, ("zone", "a")));
        var first = NodesRunning("web").Single();

        _h.Fleet.LabelNode(first, new Dictionary<string, string> { ["zone"] = "c" }, []);

        Assert.Multiple(() =>
        {
            Assert.That(NodesRunning("web").Single(), Is.Not.EqualTo(first).And.StartWith("a"));
            Assert.That(_h.Node(first).Facts.Labels["zone"], Is.EqualTo("c"));
        });
        _h.Restart();
        Assert.That(_h.Node(first).Facts.Labels["zone"], Is.EqualTo("c"));
    }

    [Test]
    public void TaintNode_NoSchedule_OnlyTolerantWorkloadsPlacedThere()
    {
        foreach (var n in new[] { "a1", "a2", "b1" })
        {
            _h.Fleet.TaintNode(n, [new Taint("edge.io/maintenance", "true", TaintEffect.NoSchedule)], []);
        }

        _h.Fleet.ApplyWorkload(Records.Replicated("plain", 2));
        var tolerant = Records.Replicated("tolerant", 4);
        tolerant.Placement.Tolerations = [new TolerationRecord { Key = "edge.io/maintenance", Operator = TolerationOperator.Exists }];
        _h.Fleet.ApplyWorkload(tolerant);

        Assert.Multiple(() =>
        {
            Assert.That(NodesRunning("plain"), Is.EqualTo(new[] { "a3" }));
            Assert.That(NodesRunning("tolerant"), Has.Count.EqualTo(4));
            Assert.That(_h.Fleet.ExplainWorkload("plain").Replicas[^1].Reason, Is.EqualTo("0/4 nodes fit: 3 taint edge.io/maintenance, 1 anti-affinity edge.io/hostname"));
        });
    }

    [Test]
    public void TaintNode_RemovingUnknownTaint_NotFoundAndNothingChanged()
    {
        var writes = _h.Store.Writes;

        var ex = Assert.Throws<FleetException>(() => _h.Fleet.TaintNode("a1", [new Taint("x", "", TaintEffect.NoSchedule)], ["edge.io/none"]));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Error, Is.EqualTo(FleetError.NotFound));
            Assert.That(_h.Node("a1").Taints, Is.Empty);
            Assert.That(_h.Store.Writes, Is.EqualTo(writes));
        });
    }

    [Test]
    public void ExplainWorkload_TooBigForEveryNode_CountsNodesPerFilter()
    {
        var big = Records.Replicated("big", 1, ("zone", "a"));
        big.Placement.MemoryBytes = 8L << 30;

        var result = _h.Fleet.ApplyWorkload(big);
        var explanation = _h.Fleet.ExplainWorkload("big");

        Assert.Multiple(() =>
        {
            Assert.That(result.Unplaced, Is.EqualTo("0/4 nodes fit: 3 insufficient memory, 1 node selector"));
            Assert.That(explanation.Replicas.Single().State, Is.EqualTo("Unplaced"));
            Assert.That(explanation.Replicas.Single().Reason, Is.EqualTo("0/4 nodes fit: 3 insufficient memory, 1 node selector"));
        });
    }

    [Test]
    public void ExplainWorkload_Placed_ShowsNodeScoreAndRunnersUp()
    {
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1, ("zone", "a")));

        var replica = _h.Fleet.ExplainWorkload("web").Replicas.Single();

        Assert.Multiple(() =>
        {
            Assert.That(replica.Node, Is.EqualTo(NodesRunning("web").Single()));
            Assert.That(replica.State, Is.EqualTo("Running"));
            Assert.That(replica.Score, Is.GreaterThan(0));
            Assert.That(replica.RunnersUp.Select(r => r.Node), Is.EquivalentTo(new[] { "a1", "a2", "a3" }.Where(n => n != replica.Node)));
        });
    }

    [Test]
    public void Utilization_CountsRequestsPerNodeAndFleet()
    {
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 2, ("zone", "a")));

        var report = _h.Fleet.Utilization();
        var listed = _h.Fleet.ListNodes().Sum(n => n.Requested.CpuMillis);

        Assert.Multiple(() =>
        {
            Assert.That(report.Requested, Is.EqualTo(new ResourceAmount(200, 128L << 20)));
            Assert.That(listed, Is.EqualTo(200));
            Assert.That(report.OverCapacityNodes, Is.Zero);
        });
    }

    [Test]
    public void Restart_AssignmentsReplayed_HelloKeepsVersionAndPlacesNothingNew()
    {
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 2, ("zone", "a")));
        var before = _h.Store.StoredAssignments;
        var version = _h.Node(before["web/0"]).DesiredVersion;

        _h.Restart();
        var (_, desired) = _h.Fleet.Connect(before["web/0"], Records.Facts(("zone", "a")), version, [], "peer");

        Assert.Multiple(() =>
        {
            Assert.That(desired.Version, Is.EqualTo(version));
            Assert.That(desired.Workloads.Select(w => w.Id), Is.EqualTo(new[] { "web" }));
            Assert.That(_h.Store.StoredAssignments, Is.EqualTo(before));
        });
    }

    private List<string> NodesRunning(string workload) =>
        [.. _h.Store.StoredAssignments.Where(kv => kv.Key.StartsWith(workload + "/", StringComparison.Ordinal)).Select(kv => kv.Value).Order(StringComparer.Ordinal)];
}
