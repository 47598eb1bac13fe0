using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Controller.Tests;

/// <summary>
/// A workload record that cannot be placed, already in a real LiteDB fleet file (written by an older
/// controller, so past every check at apply), next to good ones: the controller starts, serves, shows
/// it failed, and keeps applying, scaling and placing the others, across restarts.
/// </summary>
public sealed class FleetStatePoisonTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private string _dir = null!;
    private string _path = null!;
    private LiteDbFleetStore? _store;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-poison-tests-" + Guid.NewGuid().ToString("N"));
        _path = Path.Combine(_dir, "fleet.db");
    }

    [TearDown]
    public void TearDown()
    {
        _store?.Dispose();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Test]
    public void Start_PoisonReplicasInStore_OthersPlacedAndPoisonShownFailed()
    {
        SeedStore(Records.Replicated("good-a", 2), Poison("poison"), Records.Replicated("good-b", 1));

        var fleet = Open();
        Connect(fleet, "n1", "n2", "n3");
        fleet.RunLifecycle();

        var views = fleet.ListWorkloads().ToDictionary(v => v.Workload.Id);
        Assert.Multiple(() =>
        {
            Assert.That(views["good-a"].ReplicasPlaced, Is.EqualTo(2));
            Assert.That(views["good-b"].ReplicasPlaced, Is.EqualTo(1));
            Assert.That(views["good-a"].Failure, Is.Null);
            Assert.That(views["poison"].ReplicasPlaced, Is.Zero);
            Assert.That(views["poison"].Failure, Does.Contain("spec.replicas must be from 0 to 100,000, got 2,147,483,647"));
            Assert.That(fleet.ExplainWorkload("poison").Failure, Does.Contain("spec.replicas"));
            Assert.That(fleet.ExplainWorkload("good-a").Failure, Is.Empty);
        });
    }

    [Test]
    public void Start_PoisonInStore_ApplyAndScaleOfOthersWork()
    {
        SeedStore(Records.Replicated("good", 1), Poison("poison"));
        var fleet = Open();
        Connect(fleet, "n1", "n2", "n3");

        var applied = fleet.ApplyWorkload(Records.Replicated("fresh", 2));
        var scaled = fleet.ScaleWorkload("good", 3);

        Assert.Multiple(() =>
        {
            Assert.That(applied.ReplicasPlaced, Is.EqualTo(2));
            Assert.That(scaled.ReplicasPlaced, Is.EqualTo(3));
            Assert.That(fleet.ListWorkloads().Single(v => v.Workload.Id == "poison").Failure, Is.Not.Null);
        });
    }

    [Test]
    public void Restart_PoisonStillThere_StartsServesAndOthersKeepTheirReplicas()
    {
        SeedStore(Records.Replicated("good", 2), Poison("poison"));
        var fleet = Open();
        Connect(fleet, "n1", "n2");
        fleet.RunLifecycle();
        var placedBefore = fleet.ListWorkloads().Single(v => v.Workload.Id == "good").ReplicasPlaced;

        _store!.Dispose();
        var restarted = Open();
        Connect(restarted, "n1", "n2");
        restarted.RunLifecycle();
        restarted.ScaleWorkload("good", 1);

        var views = restarted.ListWorkloads().ToDictionary(v => v.Workload.Id);
        Assert.Multiple(() =>
        {
            Assert.That(placedBefore, Is.EqualTo(2));
            Assert.That(views["good"].ReplicasPlaced, Is.EqualTo(1));
            Assert.That(views["poison"].Failure, Does.Contain("spec.replicas"));
        });
    }

    [Test]
    public void Start_UnreadableRecordInStore_ShownFailedAndGetsNoReplicas()
    {
        var broken = Records.Replicated("broken", 1);
        broken.Placement.LostAfterMs = long.MaxValue; // no TimeSpan holds it
        SeedStore(Records.Replicated("good", 1), broken);

        var fleet = Open();
        Connect(fleet, "n1");
        fleet.RunLifecycle();
        var applied = fleet.ApplyWorkload(Records.Workload("global"));

        var views = fleet.ListWorkloads().ToDictionary(v => v.Workload.Id);
        Assert.Multiple(() =>
        {
            Assert.That(views["good"].ReplicasPlaced, Is.EqualTo(1));
            Assert.That(applied.NodesTargeted, Is.EqualTo(1));
            Assert.That(views["broken"].Failure, Does.StartWith("the stored record cannot be read"));
            Assert.That(views["broken"].ReplicasPlaced, Is.Zero);
            Assert.That(fleet.ExplainWorkload("broken").Failure, Is.Not.Empty);
        });
    }

    [Test]
    public void Apply_PoisonSpecBypassingTheAdminApi_RefusedAndNothingStored()
    {
        SeedStore(Records.Replicated("good", 1));
        var fleet = Open();
        Connect(fleet, "n1");
        var before = _store!.LoadWorkloads().Select(w => (w.Id, w.Placement.Replicas)).ToList();

        var refusal = Assert.Throws<FleetException>(() => fleet.ApplyWorkload(Poison("poison")));
        var replaced = Assert.Throws<FleetException>(() => fleet.ApplyWorkload(Poison("good")));

        Assert.Multiple(() =>
        {
            Assert.That(refusal!.Message, Does.Contain("was not applied (nothing changed)").And.Contain("spec.replicas"));
            Assert.That(replaced!.Message, Does.Contain("nothing changed"));
            Assert.That(_store.LoadWorkloads().Select(w => (w.Id, w.Placement.Replicas)), Is.EqualTo(before));
            Assert.That(fleet.ListWorkloads().Select(v => (v.Workload.Id, v.ReplicasPlaced, v.Failure)), Is.EqualTo(new[] { ("good", 1, (string?)null) }));
        });
    }

    [Test]
    public void Scale_PoisonWorkloadToAValidCount_PlacedAgain()
    {
        SeedStore(Poison("poison"));
        var fleet = Open();
        Connect(fleet, "n1", "n2");
        fleet.RunLifecycle();

        var view = fleet.ScaleWorkload("poison", 2);

        Assert.Multiple(() =>
        {
            Assert.That(view.Failure, Is.Null);
            Assert.That(view.ReplicasPlaced, Is.EqualTo(2));
        });
    }

    [Test]
    public void Scale_BeyondTheBound_RefusedNamingTheBound()
    {
        SeedStore(Records.Replicated("good", 1));
        var fleet = Open();

        var refusal = Assert.Throws<FleetException>(() => fleet.ScaleWorkload("good", int.MaxValue));

        Assert.Multiple(() =>
        {
            Assert.That(refusal!.Error, Is.EqualTo(FleetError.Invalid));
            Assert.That(refusal.Message, Does.Contain("must be from 0 to 100,000"));
            Assert.That(_store!.LoadWorkloads().Single().Placement.Replicas, Is.EqualTo(1));
        });
    }

    private static WorkloadRecord Poison(string name) => Records.Replicated(name, int.MaxValue);

    /// <summary>Writes records straight into the fleet file, past every check, as an older controller could have.</summary>
    private void SeedStore(params WorkloadRecord[] workloads)
    {
        using var store = new LiteDbFleetStore(_path);
        foreach (var w in workloads)
        {
            store.SaveWorkload(w);
        }
    }

    private FleetState Open()
    {
        _store = new LiteDbFleetStore(_path);
        return FleetHarness.NewFleet(_store, _time);
    }

    private static void Connect(FleetState fleet, params string[] nodes)
    {
        foreach (var node in nodes)
        {
            fleet.Connect(node, Records.Facts(), 0, [], "ipv4:127.0.0.1:1");
        }
    }
}
