using Edge.Controller.Autoscaling;
using Edge.Controller.Fleet;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Tests.Autoscaling;

/// <summary>
/// The controller's node autoscaler loop over a real FleetState and a fake clock. Expectations
/// follow Cluster Autoscaler's FAQ (scale-up for pods that fit nowhere, max-node-provision-time,
/// backoff, scale-down-unneeded-time, min size, ToBeDeleted taint and drain before deletion).
/// </summary>
public sealed class NodeAutoscalerLoopTests
{
    private NodeAutoscalerHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new NodeAutoscalerHarness();

    [TearDown]
    public void TearDown() => _h.Dispose();

    [Test]
    public void RunOnce_ReplicasFitNowhere_AsksTheGroupsProviderForOneNodePerReplica()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Fleet.Fleet.ApplyWorkload(Records.Replicated("web", 2));

        _h.Loop.RunOnce();

        // A replicated workload keeps its copies on distinct nodes: two replicas need two nodes.
        Assert.That(_h.Recording.Increases, Is.EqualTo(new[] { ("pi", 2) }));
        Assert.That(_h.Status().Upcoming, Is.EqualTo(2));
        Assert.That(_h.Loop.ExplainGroup("pi").Events.Single(e => e.Kind == "scale-up").Message, Does.Contain("2 pending replica(s)"));
    }

    [Test]
    public void RunOnce_RequestedNodeEnrolls_RequestFulfilledAndNotAskedAgain()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Fleet.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        _h.Loop.RunOnce();
        _h.PassAfter(TimeSpan.FromSeconds(10));
        Assert.That(_h.Recording.Increases, Has.Count.EqualTo(1), "a replica waiting for a requested node does not ask again");

        _h.Enroll("pi-1");
        _h.PassAfter(TimeSpan.FromSeconds(10));

        Assert.That(_h.Status(), Has.Property("Upcoming").EqualTo(0).And.Property("Nodes").EqualTo(1).And.Property("Ready").EqualTo(1));
        Assert.That(_h.Fleet.Fleet.ListWorkloads().Single().ReplicasPlaced, Is.EqualTo(1));
        Assert.That(_h.Loop.ExplainNode("pi-1").Events.Single().Kind, Is.EqualTo("node-registered"));
        Assert.That(_h.Recording.Increases, Has.Count.EqualTo(1));
    }

    [Test]
    public void RunOnce_RequestedNodeNeverEnrolls_TimesOutAfterProvisionTimeAndBacksOffFiveMinutes()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Fleet.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        _h.Loop.RunOnce();

        _h.PassAfter(TimeSpan.FromMinutes(15));

        var status = _h.Status();
        Assert.That(status.Upcoming, Is.Zero);
        Assert.That(status.Backoff, Is.Not.Null);
        Assert.That(status.Backoff!.Failures, Is.EqualTo(1));
        Assert.That(status.Backoff.Until, Is.EqualTo(_h.Fleet.Time.GetUtcNow() + TimeSpan.FromMinutes(5)));
        Assert.That(status.Backoff.LastError, Does.Contain("not registered within 15 min"));
        Assert.That(_h.Recording.Increases, Has.Count.EqualTo(1), "backed off: not asked again");

        _h.PassAfter(TimeSpan.FromMinutes(5));

        Assert.That(_h.Recording.Increases, Has.Count.EqualTo(2), "asked again once the backoff ends");
    }

    [Test]
    public void RunOnce_ProviderRefuses_GroupBacksOffWithTheProvidersReason()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Fleet.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        _h.Recording.Refusal = "no capacity in rack 3";

        _h.Loop.RunOnce();

        Assert.That(_h.Status().Backoff?.LastError, Is.EqualTo("no capacity in rack 3"));
        Assert.That(_h.Status().Upcoming, Is.Zero);
        Assert.That(_h.Loop.ExplainGroup("pi").Events.Select(e => e.Kind), Does.Contain("scale-up-failed"));
    }

    [Test]
    public void RunOnce_ProviderReportsFailedScaleUp_GroupBacksOff()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Fleet.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        _h.Loop.RunOnce();
        _h.Recording.Events.Enqueue(new ProviderEvent(_h.Fleet.Time.GetUtcNow(), ProviderEventKind.ScaleUpFailed, "pi", null, "/usr/local/bin/wake: exit code 3: no device answered"));

        _h.PassAfter(TimeSpan.FromSeconds(10));

        Assert.That(_h.Status().Backoff?.LastError, Does.Contain("no device answered"));
        Assert.That(_h.Status().Upcoming, Is.Zero);
    }

    [Test]
    public void RunOnce_EmptyNodeUnneededForLessThanTenMinutes_KeptWithHowLong()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Enroll("pi-1");
        _h.Loop.RunOnce();

        _h.PassAfter(TimeSpan.FromMinutes(9));

        var verdict = _h.Loop.ExplainNode("pi-1").Verdict!;
        Assert.That(verdict.Remove, Is.False);
        Assert.That(verdict.Reason, Does.Contain("empty; unneeded for 9 of 10 min"));
        Assert.That(_h.Recording.Deletes, Is.Empty);
    }

    [Test]
    public void RunOnce_EmptyNodeUnneededForTenMinutes_TaintedDrainedThenDeletedByItsProvider()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Enroll("pi-1");
        _h.Loop.RunOnce();

        _h.PassAfter(TimeSpan.FromMinutes(10));

        var node = _h.Fleet.Node("pi-1");
        Assert.That(node.Taints.Select(t => (t.Key, t.Effect)), Does.Contain((NodeAutoscalerLoop.ToBeDeletedTaint, TaintEffect.NoSchedule)));
        Assert.That(node.Cordoned, Is.True);
        Assert.That(_h.Recording.Deletes, Is.EqualTo(new[] { ("pi", "pi-1") }), "empty, so drained at once and handed to the provider in the same pass");
        Assert.That(_h.Loop.ExplainNode("pi-1").Removal?.Phase, Is.EqualTo("deleting"));

        _h.Recording.Events.Enqueue(new ProviderEvent(_h.Fleet.Time.GetUtcNow(), ProviderEventKind.NodeDeleted, "pi", null, "pi-1") { NodeName = "pi-1" });
        _h.PassAfter(TimeSpan.FromSeconds(10));

        Assert.That(_h.Fleet.Fleet.GetNode("pi-1"), Is.Null);
        Assert.That(_h.Status().Nodes, Is.Zero);
        var explained = _h.Loop.ExplainNode("pi-1");
        Assert.That(explained.InFleet, Is.False);
        Assert.That(explained.Events.Select(e => e.Kind), Is.EqualTo(new[] { "scale-down", "delete-requested", "node-deleted" }));
    }

    [Test]
    public void RunOnce_NodesReplicaFitsNowhereElse_KeptWithThatReason()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Enroll("pi-1");
        _h.Fleet.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        _h.Loop.RunOnce();

        _h.PassAfter(TimeSpan.FromMinutes(11));

        var verdict = _h.Loop.ExplainNode("pi-1").Verdict!;
        Assert.That(verdict.Remove, Is.False);
        Assert.That(verdict.Reason, Does.Contain("web#0 fits on no other node"));
        Assert.That(_h.Recording.Deletes, Is.Empty);
    }

    [Test]
    public void RunOnce_GroupAtItsMinimumSize_EmptyNodeKept()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group(min: 1));
        _h.Enroll("pi-1");
        _h.Loop.RunOnce();

        _h.PassAfter(TimeSpan.FromMinutes(11));

        Assert.That(_h.Loop.ExplainNode("pi-1").Verdict!.Reason, Does.Contain("at its minimum size 1"));
        Assert.That(_h.Recording.Deletes, Is.Empty);
    }

    [Test]
    public void RunOnce_NodeCordonedByAnAdmin_LeftAlone()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Enroll("pi-1");
        _h.Fleet.Fleet.CordonNode("pi-1", true);
        _h.Loop.RunOnce();

        _h.PassAfter(TimeSpan.FromMinutes(11));

        Assert.That(_h.Loop.ExplainNode("pi-1").Verdict!.Reason, Does.StartWith("cordoned by an admin"));
        Assert.That(_h.Fleet.Node("pi-1").Taints, Is.Empty);
        Assert.That(_h.Recording.Deletes, Is.Empty);
    }

    [Test]
    public void RunOnce_ProviderCannotDeleteTheNode_TaintRemovedAndNodeUncordoned()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Enroll("pi-1");
        _h.Loop.RunOnce();
        _h.PassAfter(TimeSpan.FromMinutes(10));
        _h.Recording.Events.Enqueue(new ProviderEvent(_h.Fleet.Time.GetUtcNow(), ProviderEventKind.DeleteFailed, "pi", null, "exit code 1: ssh: connect to host pi-1: No route to host") { NodeName = "pi-1" });

        _h.PassAfter(TimeSpan.FromSeconds(10));

        var node = _h.Fleet.Node("pi-1");
        Assert.That(node.Cordoned, Is.False);
        Assert.That(node.Taints, Is.Empty);
        Assert.That(_h.Loop.ExplainNode("pi-1").Events[^1], Has.Property("Kind").EqualTo("removal-abandoned").And.Property("Message").Contains("No route to host"));
    }

    [Test]
    public void RunOnce_DrainDoesNotFinishWithinMaxGracefulTermination_NodeGivenBack()
    {
        // web has two replicas, on pi-1 and b, then c joins: pi-1's replica would fit on c, so
        // pi-1 is unneeded. No agent reports web running, so the drain may never take a replica
        // away (maxUnavailable 1, two already unavailable) and stalls.
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Enroll("pi-1");
        _h.Fleet.Connect("b", Records.Facts());
        _h.Fleet.Fleet.ApplyWorkload(Records.Replicated("web", 2));
        _h.Fleet.Connect("c", Records.Facts());
        _h.Loop.RunOnce();
        _h.PassAfter(TimeSpan.FromMinutes(10));
        Assert.That(_h.Fleet.Node("pi-1").Draining, Is.True, "removal started with a drain");
        _h.Fleet.Fleet.RunLifecycle();

        _h.PassAfter(TimeSpan.FromMinutes(10));

        var node = _h.Fleet.Node("pi-1");
        Assert.That(node, Has.Property("Cordoned").False.And.Property("Draining").False);
        Assert.That(node.Taints, Is.Empty);
        Assert.That(_h.Recording.Deletes, Is.Empty);
        Assert.That(_h.Loop.ExplainNode("pi-1").Events.Single(e => e.Kind == "removal-abandoned").Message, Does.Contain("did not finish within 10 min"));
    }

    [Test]
    public void RunOnce_FirstPassAfterRestart_LeftoverToBeDeletedTaintRemoved()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Enroll("pi-1");
        _h.Fleet.Fleet.TaintNode("pi-1", [new Taint(NodeAutoscalerLoop.ToBeDeletedTaint, "1700000000", TaintEffect.NoSchedule)], []);
        _h.Fleet.Fleet.DrainNode("pi-1");

        _h.Loop.RunOnce();

        var node = _h.Fleet.Node("pi-1");
        Assert.That(node.Taints, Is.Empty);
        Assert.That(node.Cordoned, Is.False);
    }

    [Test]
    public void RunOnce_MoreThan45PercentOfNodesUnready_NoScaleUpAndSaysWhy()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        foreach (var n in new[] { "a", "b", "c", "d" })
        {
            _h.Fleet.Connect(n, Records.Facts());
        }

        _h.Fleet.Time.Advance(FleetHarness.Grace + TimeSpan.FromSeconds(1));
        _h.Fleet.Fleet.CheckLeases();
        foreach (var n in new[] { "e", "f", "g" })
        {
            _h.Fleet.Connect(n, Records.Facts());
        }

        var big = Records.Replicated("big", 1);
        big.Placement.CpuMillis = 3500;
        _h.Fleet.Fleet.ApplyWorkload(big);
        _h.Fleet.Fleet.ApplyWorkload(Records.Replicated("web", 8));

        _h.Loop.RunOnce();

        Assert.That(_h.Recording.Increases, Is.Empty);
        Assert.That(_h.Loop.ExplainGroup("pi").Notes.Single(), Does.StartWith("fleet unhealthy: 4 of 7 nodes unready"));
    }

    [Test]
    public void RunOnce_SameNoteWithNewFigures_KeptOnceInTheHistory()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Fleet.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        _h.Loop.RunOnce();
        _h.Enroll("pi-1");

        for (var i = 0; i < 3; i++)
        {
            _h.PassAfter(TimeSpan.FromMinutes(1));
        }

        var explained = _h.Loop.ExplainGroup("pi");
        Assert.That(explained.Notes.Single(), Does.StartWith("scale-down in cool-down: last scale-up 3 min ago"));
        Assert.That(explained.Events.Count(e => e.Message.StartsWith("scale-down in cool-down", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void SimulatedProvider_NodesComeUpThenGoWhenUnneeded()
    {
        using var h = new NodeAutoscalerHarness(provider: new SimulatedNodeGroupProvider(TimeSpan.FromSeconds(30), 0, new Random(1)));
        h.Catalog.Apply(NodeAutoscalerHarness.Group());
        h.Fleet.Fleet.ApplyWorkload(Records.Replicated("web", 2));
        h.Loop.RunOnce();

        h.PassAfter(TimeSpan.FromSeconds(30));

        Assert.That(h.Status(), Has.Property("Nodes").EqualTo(2).And.Property("Ready").EqualTo(2).And.Property("Upcoming").EqualTo(0));
        Assert.That(h.Fleet.Fleet.ListWorkloads().Single().ReplicasPlaced, Is.EqualTo(2));

        h.Fleet.Fleet.DeleteWorkload("web");
        h.PassAfter(TimeSpan.FromMinutes(10));
        h.PassAfter(TimeSpan.FromMinutes(10));
        h.PassAfter(TimeSpan.FromSeconds(10));

        Assert.That(h.Status().Nodes, Is.Zero);
        Assert.That(h.Fleet.Fleet.ListNodes(), Is.Empty);
    }

    [Test]
    public void DeleteGroup_WhileRemovingOneOfItsNodes_RefusedNamingTheNode()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Enroll("pi-1");
        _h.Loop.RunOnce();
        _h.PassAfter(TimeSpan.FromMinutes(10));

        var refused = Assert.Throws<FleetException>(() => _h.Loop.DeleteGroup("pi"));

        Assert.That(refused!.Error, Is.EqualTo(FleetError.Precondition));
        Assert.That(refused.Message, Does.Contain("pi-1 (deleting)"));
        Assert.That(_h.Catalog.Get("pi"), Is.Not.Null);
    }

    [Test]
    public void DeleteGroup_NodesStayInTheFleetInNoGroup()
    {
        _h.Catalog.Apply(NodeAutoscalerHarness.Group());
        _h.Enroll("pi-1");

        var deleted = _h.Loop.DeleteGroup("pi");
        _h.PassAfter(TimeSpan.FromMinutes(20));

        Assert.That(deleted.Nodes, Is.EqualTo(1));
        Assert.That(_h.Fleet.Fleet.GetNode("pi-1"), Is.Not.Null);
        Assert.That(_h.Loop.ExplainNode("pi-1").Verdict!.Reason, Is.EqualTo("not in any node group"));
        Assert.That(_h.Recording.Deletes, Is.Empty);
    }
}
