using Edge.Controller.Events;
using Edge.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Edge.Controller.Tests.Events;

/// <summary>The fleet's existing decisions, each told as an event.</summary>
public sealed class FleetEventsTests
{
    private FleetHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new FleetHarness();

    [Test]
    public void NodeLifecycle_HelloLeaseLapseAndReturn_AreEvents()
    {
        _h.Connect("n1", Records.Facts());
        _h.Time.Advance(FleetHarness.Grace + TimeSpan.FromSeconds(1));
        _h.Fleet.CheckLeases();
        _h.Connect("n1", Records.Facts());

        var events = Of("Node", "n1");
        Assert.That(events.Select(e => $"{e.Type} {e.Reason} x{e.Count}"), Is.EqualTo(new[] { "Normal RegisteredNode x1", "Warning NodeDisconnected x1", "Normal NodeReady x2" }));
        Assert.That(events[1].Message, Does.Contain("no heartbeat for 41 s (grace 40 s)"));
        Assert.That(events.Select(e => e.Tenant), Is.All.Empty, "a node is fleet-wide");
    }

    [Test]
    public void ReplicatedWorkload_PlacedThenNodeLost_SaysSoOnTheWorkloadAndTheNode()
    {
        _h.Connect("n1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        Assert.That(Of("Workload", "web").Select(e => e.Reason), Is.EqualTo(new[] { "Scheduled" }));
        Assert.That(Of("Workload", "web")[0].Message, Does.Contain("#0 on n1"));

        _h.Connect("n2", Records.Facts());
        _h.Time.Advance(TimeSpan.FromSeconds(5));
        _h.Connect("n2", Records.Facts()); // keeps n2 Ready while n1 goes silent
        _h.Time.Advance(FleetHarness.Grace);
        _h.Fleet.CheckLeases();
        Assert.That(_h.Node("n1").Condition, Is.EqualTo(NodeCondition.Disconnected));
        _h.Connect("n2", Records.Facts());
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _h.Connect("n2", Records.Facts());
        _h.Fleet.RunLifecycle();

        var workload = Of("Workload", "web");
        Assert.That(workload.Select(e => e.Reason), Is.EqualTo(new[] { "Scheduled", "ReplicaLost", "Scheduled" }), string.Join("\n", workload.Select(e => e.Reason + " " + e.Message)));
        Assert.That(workload[1].Type, Is.EqualTo(EventType.Warning));
        Assert.That(workload[2].Message, Does.Contain("on n2"));
        Assert.That(Of("Node", "n1").Select(e => e.Reason), Does.Contain("NodeLost"));
    }

    [Test]
    public void ScaleAndDelete_AreEventsOfTheWorkload()
    {
        _h.Connect("n1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Replicated("web", 1));
        _h.Fleet.ScaleWorkload("web", 2);
        _h.Fleet.DeleteWorkload("web");

        Assert.That(Of("Workload", "web").Select(e => e.Reason), Is.EqualTo(new[] { "Scheduled", "Scaled", "FailedPlacement", "ReplicaEnded", "Deleted" }), "one node: the second replica fits nowhere");
    }

    [Test]
    public void NodeHealthCondition_RaisedThenCleared_WarningThenNormal_OncePerChange()
    {
        var session = _h.Connect("n1", Records.Facts());
        var conditions = new NodeConditionEvents(_h.Fleet, MsOptions.Create(new EventOptions()), _h.Time, NullLogger<NodeConditionEvents>.Instance);
        for (var i = 0; i < 7; i++)
        {
            _h.Time.Advance(TimeSpan.FromSeconds(10));
            _h.Fleet.Heartbeat(session, 0);
        }

        conditions.Check();
        conditions.Check(); // still raised: not again
        var stalled = Of("Node", "n1").Where(e => e.Reason == "TelemetryStalled").ToList();
        Assert.That(stalled, Has.Count.EqualTo(1));
        Assert.That(stalled[0].Type, Is.EqualTo(EventType.Warning));
        Assert.That(stalled[0].Count, Is.EqualTo(1));
        Assert.That(stalled[0].Message, Does.StartWith("TelemetryStalled ("));

        _h.Time.Advance(FleetHarness.Grace + TimeSpan.FromSeconds(1));
        _h.Fleet.CheckLeases(); // Disconnected: health conditions are judged for connected nodes only
        conditions.Check();
        Assert.That(Of("Node", "n1").Select(e => e.Reason), Does.Contain("TelemetryStalledCleared"));
    }

    [Test]
    public void EnrollmentRefused_OneHostManyTimes_FoldsIntoOneEventWithACount()
    {
        for (var port = 40000; port < 40100; port++)
        {
            _h.Fleet.Events.IdentityRefused("enrollment", $"ipv4:10.0.0.9:{port}", "token unknown or expired");
        }

        _h.Fleet.Events.IdentityRefused("enrollment", "ipv6:[::1]:5000", "token unknown or expired");
        var refused = Of("Identity", "enrollment");
        Assert.That(refused.Select(e => $"{e.Message} x{e.Count}"), Is.EqualTo(new[]
        {
            "enrollment from ipv4:10.0.0.9 refused: token unknown or expired x100",
            "enrollment from ipv6:[::1] refused: token unknown or expired x1",
        }));
    }

    private List<FleetEvent> Of(string kind, string name) =>
        [.. _h.Fleet.Events.List(new EventFilter { AllTenants = true, Kind = kind, Name = name }, 1000).Events];
}
