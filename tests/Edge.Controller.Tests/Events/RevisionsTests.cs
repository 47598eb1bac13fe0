using Edge.Controller.Events;
using Edge.Controller.Fleet;
using Edge.Controller.Hosting;
using Edge.Controller.Rollouts;
using Edge.Controller.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Edge.Controller.Tests.Events;

/// <summary>Workload revisions over a real LiteDB fleet store: what makes one, what does not, the bound, a restart.</summary>
public sealed class RevisionsTests
{
    private string _dir = "";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private LiteDbFleetStore _store = null!;
    private FleetState _fleet = null!;
    private EventLog _events = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-revisions-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        (_store, _fleet, _events) = Open(3);
    }

    [Test]
    public void Apply_TemplateChanges_NumberedRevisionsWithTheirCause()
    {
        _fleet.Connect("n1", Records.Facts(), 0, [], "ipv4:10.0.0.7:51000");
        _fleet.ApplyWorkload(Records.Replicated("web", 1));
        var v2 = Records.Replicated("web", 1);
        v2.ModuleDigest = Records.Digest('b');
        _fleet.ApplyWorkload(v2);
        var v3 = Records.Replicated("web", 1);
        v3.ModuleDigest = Records.Digest('b');
        v3.Env = new Dictionary<string, string>(StringComparer.Ordinal) { ["LEVEL"] = "debug" };
        _fleet.ApplyWorkload(v3);

        var revisions = _fleet.Revisions.Of("web");
        Assert.That(revisions.Select(r => r.Number), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(revisions[0].ChangeCause, Does.StartWith("created (module sha256:aaaaaaaaaaaa"));
        Assert.That(revisions[1].ChangeCause, Is.EqualTo("module sha256:aaaaaaaaaaaa → sha256:bbbbbbbbbbbb"));
        Assert.That(revisions[2].ChangeCause, Is.EqualTo("env LEVEL"));
        Assert.That(_events.List(new EventFilter { Tenant = "default", Reason = "RevisionCreated" }, 10).Events, Has.Count.EqualTo(3));
    }

    [Test]
    public void ScaleAndPlacementChanges_MakeNoRevision()
    {
        _fleet.Connect("n1", Records.Facts(), 0, [], "ipv4:10.0.0.7:51000");
        _fleet.ApplyWorkload(Records.Replicated("web", 1));
        _fleet.ScaleWorkload("web", 2);
        _fleet.ApplyWorkload(Records.Replicated("web", 3)); // replicas only

        Assert.That(_fleet.Revisions.Of("web").Select(r => r.Number), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void OldTemplateAgain_NewRevisionSayingWhichItBringsBack_AndTheBoundDropsTheOldest()
    {
        _fleet.Connect("n1", Records.Facts(), 0, [], "ipv4:10.0.0.7:51000");
        foreach (var hex in "abca")
        {
            var w = Records.Replicated("web", 1);
            w.ModuleDigest = Records.Digest(hex);
            _fleet.ApplyWorkload(w);
        }

        var revisions = _fleet.Revisions.Of("web");
        Assert.That(revisions.Select(r => r.Number), Is.EqualTo(new[] { 2, 3, 4 }), "Keep = 3");
        Assert.That(revisions[^1].ChangeCause, Is.EqualTo("rollback to revision 1: module sha256:cccccccccccc → sha256:aaaaaaaaaaaa"), "named as it was made, before the bound dropped revision 1");

        var again = Records.Replicated("web", 1);
        again.ModuleDigest = Records.Digest('c');
        _fleet.ApplyWorkload(again);
        Assert.That(_fleet.Revisions.Of("web")[^1].ChangeCause, Does.StartWith("rollback to revision 3: module"));
    }

    [Test]
    public void Restart_RevisionsComeBackFromTheFile_AndDeleteForgetsThem()
    {
        _fleet.Connect("n1", Records.Facts(), 0, [], "ipv4:10.0.0.7:51000");
        _fleet.ApplyWorkload(Records.Replicated("web", 1));
        var v2 = Records.Replicated("web", 1);
        v2.Args = ["--port", "9090"];
        _fleet.ApplyWorkload(v2);
        _store.Dispose();

        (_store, _fleet, _events) = Open(3);
        var revisions = _fleet.Revisions.Of("web");
        Assert.That(revisions.Select(r => $"{r.Number} {r.ChangeCause}"), Is.EqualTo(new[] { "1 created (module sha256:aaaaaaaaaaaa)", "2 args" }));
        Assert.That(revisions[1].Template.Args, Is.EqualTo(new[] { "--port", "9090" }));

        _fleet.DeleteWorkload("web");
        _store.Dispose();
        (_store, _fleet, _events) = Open(3);
        Assert.That(_fleet.Revisions.Of("web"), Is.Empty);
        Assert.That(_store.LoadRevisions(), Is.Empty);
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private (LiteDbFleetStore, FleetState, EventLog) Open(int keep)
    {
        var store = new LiteDbFleetStore(Path.Combine(_dir, "fleet.db"));
        var events = new EventLog(store, _time, MsOptions.Create(new EventOptions()), NullLogger<EventLog>.Instance);
        var revisions = new WorkloadRevisions(store, _time, MsOptions.Create(new RevisionOptions { Keep = keep }), events);
        var fleet = new FleetState(store, _time, MsOptions.Create(new ControllerOptions { NodeGracePeriod = FleetHarness.Grace }), NullLogger<FleetState>.Instance, events, revisions);
        return (store, fleet, events);
    }
}
