using Edge.Scheduling;

namespace Edge.Controller.Tests;

public sealed class FleetStateLeaseTests
{
    private FleetHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new FleetHarness();

    [Test]
    public void CheckLeases_JustUnderGrace_StaysReady()
    {
        _h.Connect("n1", Records.Facts());
        _h.Time.Advance(FleetHarness.Grace - TimeSpan.FromMilliseconds(1));

        var changed = _h.Fleet.CheckLeases();

        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.Zero);
            Assert.That(_h.Node("n1").Condition, Is.EqualTo(NodeCondition.Ready));
        });
    }

    [Test]
    public void CheckLeases_JustOverGrace_MarksDisconnected()
    {
        _h.Connect("n1", Records.Facts());
        _h.Time.Advance(FleetHarness.Grace + TimeSpan.FromMilliseconds(1));

        var changed = _h.Fleet.CheckLeases();

        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.EqualTo(1));
            Assert.That(_h.Node("n1").Condition, Is.EqualTo(NodeCondition.Disconnected));
            Assert.That(_h.Node("n1").ConditionSince, Is.EqualTo(_h.Time.GetUtcNow()));
        });
    }

    [Test]
    public void CheckLeases_AlreadyDisconnected_NotCountedAgain()
    {
        _h.Connect("n1", Records.Facts());
        _h.Time.Advance(FleetHarness.Grace + TimeSpan.FromSeconds(1));
        _h.Fleet.CheckLeases();
        _h.Time.Advance(TimeSpan.FromSeconds(10));

        var changed = _h.Fleet.CheckLeases();

        Assert.That(changed, Is.Zero);
    }

    [Test]
    public void CheckLeases_HeartbeatsKeepComing_StaysReadyPastGrace()
    {
        var session = _h.Connect("n1", Records.Facts());
        for (var i = 0; i < 10; i++)
        {
            _h.Time.Advance(TimeSpan.FromSeconds(10));
            _h.Fleet.Heartbeat(session, 0);
        }

        var changed = _h.Fleet.CheckLeases();

        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.Zero);
            Assert.That(_h.Node("n1").Condition, Is.EqualTo(NodeCondition.Ready));
        });
    }

    [Test]
    public void CheckLeases_OnlyTheSilentNode_MarkedDisconnected()
    {
        var talking = _h.Connect("talking", Records.Facts());
        _h.Connect("silent", Records.Facts());
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        _h.Fleet.Heartbeat(talking, 0);
        _h.Time.Advance(TimeSpan.FromSeconds(30));

        _h.Fleet.CheckLeases();

        Assert.Multiple(() =>
        {
            Assert.That(_h.Node("talking").Condition, Is.EqualTo(NodeCondition.Ready));
            Assert.That(_h.Node("silent").Condition, Is.EqualTo(NodeCondition.Disconnected));
        });
    }

    [Test]
    public void CheckLeases_NodeGoesDisconnected_WritesNothing()
    {
        _h.Connect("n1", Records.Facts());
        var writes = _h.Store.Writes;
        _h.Time.Advance(FleetHarness.Grace + TimeSpan.FromSeconds(1));

        _h.Fleet.CheckLeases();

        Assert.That(_h.Store.Writes, Is.EqualTo(writes));
    }

    [Test]
    public void Heartbeat_AfterDisconnected_BackToReady()
    {
        var session = _h.Connect("n1", Records.Facts());
        _h.Time.Advance(FleetHarness.Grace + TimeSpan.FromSeconds(1));
        _h.Fleet.CheckLeases();
        _h.Time.Advance(TimeSpan.FromSeconds(1));

        _h.Fleet.Heartbeat(session, 0);

        Assert.Multiple(() =>
        {
            Assert.That(_h.Node("n1").Condition, Is.EqualTo(NodeCondition.Ready));
            Assert.That(_h.Node("n1").ConditionSince, Is.EqualTo(_h.Time.GetUtcNow()));
        });
    }

    [Test]
    public void Heartbeat_AfterDisconnected_LeaseRestartsFromHeartbeat()
    {
        var session = _h.Connect("n1", Records.Facts());
        _h.Time.Advance(FleetHarness.Grace + TimeSpan.FromSeconds(1));
        _h.Fleet.CheckLeases();
        _h.Fleet.Heartbeat(session, 0);
        _h.Time.Advance(FleetHarness.Grace);

        var changed = _h.Fleet.CheckLeases();

        Assert.That(changed, Is.Zero);
    }
}
