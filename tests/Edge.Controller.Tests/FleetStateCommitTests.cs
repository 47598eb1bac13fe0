using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Controller.Tests;

/// <summary>
/// The commit path: store writes and snapshot hand-over happen outside the fleet lock, the store
/// write before any snapshot leaves, and a failed write sends nothing and is retried.
/// </summary>
public sealed class FleetStateCommitTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private InMemoryFleetStore _inner = null!;
    private GatedFleetStore _store = null!;
    private FleetState _fleet = null!;

    [SetUp]
    public void SetUp()
    {
        _inner = new InMemoryFleetStore();
        _store = new GatedFleetStore(_inner);
        _fleet = NewFleet(_store);
    }

    [TearDown]
    public void TearDown() => _store.Open.Set();

    [Test]
    public void ApplyWorkload_StoreWriteHeld_NoSnapshotLeavesUntilItIsStored()
    {
        var session = Connect("n1");
        _store.Open.Reset();
        _store.Waiting.Reset();

        var apply = Task.Run(() => _fleet.ApplyWorkload(Records.Workload("web")));
        Assert.That(_store.Waiting.Wait(Bound), Is.True, "the apply reached the store");

        Assert.Multiple(() =>
        {
            Assert.That(session.Outgoing.TryRead(out _), Is.False, "a snapshot left before its version was stored");
            Assert.That(apply.IsCompleted, Is.False, "the apply returned before its changes were stored");
        });

        _store.Open.Set();
        Assert.That(apply.Wait(Bound), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(session.Outgoing.TryRead(out var snapshot), Is.True);
            Assert.That(snapshot!.Workloads.Select(w => w.Id), Is.EqualTo(new[] { "web" }));
            Assert.That(_inner.StoredNode("n1")!.DesiredVersion, Is.EqualTo(snapshot.Version));
        });
    }

    [Test]
    public void ApplyWorkload_StoreWriteHeld_HeartbeatsTelemetryAndReadsGoOn()
    {
        var session = Connect("n1");
        _store.Open.Reset();
        _store.Waiting.Reset();

        var apply = Task.Run(() => _fleet.ApplyWorkload(Records.Workload("web")));
        Assert.That(_store.Waiting.Wait(Bound), Is.True);

        // All on this thread while the apply's commit waits on the store: none may need the commit.
        _fleet.Heartbeat(session, 0);
        var telemetry = _fleet.RecordTelemetry("n1", new NodeTelemetrySample(1, _time.GetUtcNow(), 0.5, 1L << 30, 4L << 30, 0, 0));
        var nodes = _fleet.ListNodes();

        Assert.Multiple(() =>
        {
            Assert.That(telemetry, Is.EqualTo(TelemetryRecordResult.Accepted));
            Assert.That(nodes.Single().DesiredVersion, Is.GreaterThan(session.Offered), "the decision is made, only its commit waits");
            Assert.That(apply.IsCompleted, Is.False);
        });
        _store.Open.Set();
        Assert.That(apply.Wait(Bound), Is.True);
    }

    [Test]
    public void ApplyWorkload_StoreWriteFails_ThrowsSendsNothingAndTheNextCommitCarriesIt()
    {
        var session = Connect("n1");
        _store.FailNext = true;

        Assert.That(() => _fleet.ApplyWorkload(Records.Workload("web")), Throws.TypeOf<FleetStoreException>());
        Assert.That(session.Outgoing.TryRead(out _), Is.False, "nothing may leave that the store does not hold");

        _fleet.ApplyWorkload(Records.Workload("api", 'b'));

        Assert.Multiple(() =>
        {
            Assert.That(session.Outgoing.TryRead(out var snapshot), Is.True);
            Assert.That(snapshot!.Workloads.Select(w => w.Id), Is.EqualTo(new[] { "api", "web" }));
            Assert.That(_inner.StoredNode("n1")!.DesiredVersion, Is.EqualTo(snapshot.Version));
            Assert.That(session.Outgoing.TryRead(out _), Is.False, "only the newest snapshot is queued");
        });
    }

    [Test]
    public void Connect_WhileAnApplysCommitIsHeld_WaitsAndSendsTheStoredVersion()
    {
        Connect("n1");
        _store.Open.Reset();
        _store.Waiting.Reset();
        var apply = Task.Run(() => _fleet.ApplyWorkload(Records.Workload("web")));
        Assert.That(_store.Waiting.Wait(Bound), Is.True);

        var reconnect = Task.Run(() => _fleet.Connect("n1", Records.Facts(), 0, [], "peer-2"));

        Assert.That(reconnect.Wait(TimeSpan.FromMilliseconds(200)), Is.False, "the hello's first snapshot went out before the store held it");
        _store.Open.Set();
        Assert.That(reconnect.Wait(Bound) && apply.Wait(Bound), Is.True);
        var (session, desired) = reconnect.Result;
        Assert.Multiple(() =>
        {
            Assert.That(desired.Workloads.Select(w => w.Id), Is.EqualTo(new[] { "web" }));
            Assert.That(_inner.StoredNode("n1")!.DesiredVersion, Is.EqualTo(desired.Version));
            Assert.That(session.Outgoing.TryRead(out _), Is.False, "the first message already carries this version");
        });
    }

    [Test]
    public void ScaleWorkload_ReconcilesOnlyWhatItCanChange_WaitingReplicasOfAnotherWorkloadTakeTheRoomItFrees()
    {
        Connect("n1");
        var big = Records.Replicated("big", 1);
        big.Placement.CpuMillis = 3000;
        _fleet.ApplyWorkload(big);
        var waiting = Records.Replicated("waiting", 1);
        waiting.Placement.CpuMillis = 2000;
        var first = _fleet.ApplyWorkload(waiting);

        _fleet.ScaleWorkload("big", 0);

        var view = _fleet.ListWorkloads().Single(w => w.Workload.Id == "waiting");
        Assert.Multiple(() =>
        {
            Assert.That(first.ReplicasPlaced, Is.Zero, "4 CPUs: 3 taken, 2 asked");
            Assert.That(view.ReplicasPlaced, Is.EqualTo(1));
        });
    }

    [Test]
    public void NodeSession_OlderOrSameVersionAfterNewer_Dropped()
    {
        var session = new NodeSession("n1", "peer");
        session.Began(3);

        var same = session.Send(new DesiredSnapshot(3, []));
        var newer = session.Send(new DesiredSnapshot(5, []));
        var older = session.Send(new DesiredSnapshot(4, []));

        Assert.Multiple(() =>
        {
            Assert.That((same, newer, older), Is.EqualTo((false, true, false)));
            Assert.That(session.Outgoing.TryRead(out var queued) ? queued.Version : -1, Is.EqualTo(5));
            Assert.That(session.Outgoing.TryRead(out _), Is.False);
        });
    }

    private NodeSession Connect(string name) => _fleet.Connect(name, Records.Facts(), 0, [], "peer").Session;

    private FleetState NewFleet(IFleetStore store) => FleetHarness.NewFleet(store, _time);
}
