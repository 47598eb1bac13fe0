using Edge.Scheduling.Health;

namespace Edge.Scheduling.Tests;

/// <summary>The pure health rule: each condition's bound, what clears it, and which reason wins.</summary>
public sealed class NodeHealthTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly NodeHealthBounds Bounds = new(Bound, Bound);

    /// <summary>A node connected 10 minutes ago, up to date, with telemetry a second ago: Ready.</summary>
    private static readonly NodeHealthInput Healthy = new()
    {
        Connected = true,
        ConnectedSince = Now.AddMinutes(-10),
        DesiredVersion = 5,
        AppliedVersion = 5,
        LastTelemetry = Now.AddSeconds(-1),
    };

    [Test]
    public void Evaluate_HealthyNode_NoCondition()
    {
        Assert.That(NodeHealth.Evaluate(Healthy, Bounds, Now), Is.Empty);
    }

    [Test]
    public void Evaluate_Disconnected_NoConditionWhateverElseHolds()
    {
        var node = Healthy with
        {
            Connected = false,
            AppliedVersion = 1,
            BehindSince = Now.AddHours(-1),
            StoreFailing = true,
            LastTelemetry = Now.AddHours(-1),
        };

        Assert.That(NodeHealth.Evaluate(node, Bounds, Now), Is.Empty);
    }

    [Test]
    public void Evaluate_BehindExactlyTheBound_NotRaised()
    {
        var node = Healthy with { AppliedVersion = 4, BehindSince = Now - Bound };

        Assert.That(NodeHealth.Evaluate(node, Bounds, Now), Is.Empty);
    }

    [Test]
    public void Evaluate_BehindOneTickPastTheBound_NotApplyingSinceItFellBehind()
    {
        var since = Now - Bound - TimeSpan.FromTicks(1);
        var node = Healthy with { AppliedVersion = 4, BehindSince = since };

        var condition = NodeHealth.Evaluate(node, Bounds, Now).Single();

        Assert.Multiple(() =>
        {
            Assert.That(condition.Type, Is.EqualTo(NodeHealthType.NotApplying));
            Assert.That(condition.Reason, Is.EqualTo("AppliedVersionBehind"));
            Assert.That(condition.Since, Is.EqualTo(since));
            Assert.That(condition.Message, Does.Contain("v4, not v5").And.Contain("bound 60 s"));
        });
    }

    [Test]
    public void Evaluate_CaughtUpWithAStaleBehindSince_Cleared()
    {
        var node = Healthy with { BehindSince = Now.AddHours(-1) };

        Assert.That(NodeHealth.Evaluate(node, Bounds, Now), Is.Empty);
    }

    [Test]
    public void Evaluate_BehindWithoutKnowingSinceWhen_NotRaised()
    {
        var node = Healthy with { AppliedVersion = 4, BehindSince = null };

        Assert.That(NodeHealth.Evaluate(node, Bounds, Now), Is.Empty);
    }

    [Test]
    public void Evaluate_WorkloadsWaitingPastTheBound_WorkloadsNotStartingNamingTheOldest()
    {
        var node = Healthy with
        {
            Waiting =
            [
                ("web", "module sha256:aa could not be fetched", Now.AddSeconds(-90)),
                ("api", "module sha256:bb could not be fetched", Now.AddSeconds(-120)),
                ("new", "module sha256:cc could not be fetched", Now.AddSeconds(-10)),
            ],
        };

        var condition = NodeHealth.Evaluate(node, Bounds, Now).Single();

        Assert.Multiple(() =>
        {
            Assert.That(condition.Type, Is.EqualTo(NodeHealthType.NotApplying));
            Assert.That(condition.Reason, Is.EqualTo("WorkloadsNotStarting"));
            Assert.That(condition.Since, Is.EqualTo(Now.AddSeconds(-120)));
            Assert.That(condition.Message, Does.StartWith("2 workload(s) of v5").And.Contain("api: module sha256:bb"));
        });
    }

    [Test]
    public void Evaluate_WorkloadsWaitingWithinTheBound_NotRaised()
    {
        var node = Healthy with { Waiting = [("web", "module could not be fetched", Now - Bound)] };

        Assert.That(NodeHealth.Evaluate(node, Bounds, Now), Is.Empty);
    }

    [Test]
    public void Evaluate_BehindAndWaiting_OneNotApplyingWithTheVersionReason()
    {
        var node = Healthy with
        {
            AppliedVersion = 4,
            BehindSince = Now.AddMinutes(-5),
            Waiting = [("web", "module could not be fetched", Now.AddMinutes(-5))],
        };

        var conditions = NodeHealth.Evaluate(node, Bounds, Now);

        Assert.That(conditions.Select(c => c.Reason), Is.EqualTo(new[] { "AppliedVersionBehind" }));
    }

    [Test]
    public void Evaluate_StoreFailing_RaisedAtOnceWithTheAgentsReason()
    {
        var since = Now.AddSeconds(-1);
        var node = Healthy with { StoreFailing = true, StoreReason = "Read-only file system", StoreFailingSince = since };

        var condition = NodeHealth.Evaluate(node, Bounds, Now).Single();

        Assert.Multiple(() =>
        {
            Assert.That(condition.Type, Is.EqualTo(NodeHealthType.StoreFailed));
            Assert.That(condition.Reason, Is.EqualTo("AgentStateFileFailing"));
            Assert.That(condition.Message, Is.EqualTo("Read-only file system"));
            Assert.That(condition.Since, Is.EqualTo(since));
        });
    }

    [Test]
    public void Evaluate_StoreFailingWithoutReasonOrSince_DefaultSentenceSinceNow()
    {
        var node = Healthy with { StoreFailing = true };

        var condition = NodeHealth.Evaluate(node, Bounds, Now).Single();

        Assert.That(condition.Message, Is.Not.Empty);
        Assert.That(condition.Since, Is.EqualTo(Now));
    }

    [Test]
    public void Evaluate_StoreHealthyAgainWithAReasonLeftOver_Cleared()
    {
        var node = Healthy with { StoreFailing = false, StoreReason = "Read-only file system", StoreFailingSince = Now.AddHours(-1) };

        Assert.That(NodeHealth.Evaluate(node, Bounds, Now), Is.Empty);
    }

    [Test]
    public void Evaluate_LastTelemetryPastTheBound_TelemetryStoppedSinceTheLastSample()
    {
        var last = Now - Bound - TimeSpan.FromTicks(1);
        var node = Healthy with { LastTelemetry = last };

        var condition = NodeHealth.Evaluate(node, Bounds, Now).Single();

        Assert.Multiple(() =>
        {
            Assert.That(condition.Type, Is.EqualTo(NodeHealthType.TelemetryStalled));
            Assert.That(condition.Reason, Is.EqualTo("TelemetryStopped"));
            Assert.That(condition.Since, Is.EqualTo(last));
        });
    }

    [Test]
    public void Evaluate_LastTelemetryExactlyTheBound_NotRaised()
    {
        var node = Healthy with { LastTelemetry = Now - Bound };

        Assert.That(NodeHealth.Evaluate(node, Bounds, Now), Is.Empty);
    }

    [Test]
    public void Evaluate_NoTelemetryEverAndConnectedPastTheBound_NoTelemetrySinceConnect()
    {
        var node = Healthy with { LastTelemetry = null, ConnectedSince = Now.AddMinutes(-2) };

        var condition = NodeHealth.Evaluate(node, Bounds, Now).Single();

        Assert.That(condition.Reason, Is.EqualTo("NoTelemetry"));
        Assert.That(condition.Since, Is.EqualTo(Now.AddMinutes(-2)));
    }

    [Test]
    public void Evaluate_JustReconnectedAfterOldTelemetry_BoundCountsFromTheNewStream()
    {
        // Telemetry from before a long disconnection does not make a node that just came back stalled.
        var node = Healthy with { LastTelemetry = Now.AddHours(-2), ConnectedSince = Now.AddSeconds(-5) };

        Assert.That(NodeHealth.Evaluate(node, Bounds, Now), Is.Empty);
    }

    [Test]
    public void Evaluate_EachBoundItsOwn_ShortTelemetryBoundDoesNotShortenNotApplying()
    {
        var bounds = new NodeHealthBounds(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(3));
        var node = Healthy with { AppliedVersion = 4, BehindSince = Now.AddMinutes(-5), LastTelemetry = Now.AddSeconds(-4) };

        var conditions = NodeHealth.Evaluate(node, bounds, Now);

        Assert.That(conditions.Select(c => c.Type), Is.EqualTo(new[] { NodeHealthType.TelemetryStalled }));
    }

    [Test]
    public void Evaluate_AllThreeCauses_AllThreeInFixedOrder()
    {
        var node = Healthy with
        {
            AppliedVersion = 3,
            BehindSince = Now.AddMinutes(-5),
            StoreFailing = true,
            StoreReason = "disk I/O error",
            LastTelemetry = Now.AddMinutes(-5),
        };

        var conditions = NodeHealth.Evaluate(node, Bounds, Now);

        Assert.That(conditions.Select(c => c.Type), Is.EqualTo(new[] { NodeHealthType.NotApplying, NodeHealthType.StoreFailed, NodeHealthType.TelemetryStalled }));
    }

    [Test]
    public void Evaluate_NullArguments_Throw()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => NodeHealth.Evaluate(null!, Bounds, Now), Throws.ArgumentNullException);
            Assert.That(() => NodeHealth.Evaluate(Healthy, null!, Now), Throws.ArgumentNullException);
        });
    }
}
