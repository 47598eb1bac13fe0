using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

public sealed class WorkloadSpecRulesTests
{
    [Test]
    public void Check_Defaults_HasNoErrors()
    {
        Assert.That(WorkloadSpecRules.Check(Specs.Workload("web")), Is.Empty);
    }

    [Test]
    public void Check_EveryRangeBroken_NamesEachField()
    {
        var spec = Specs.Workload("web") with
        {
            Pool = new PoolSpec { MinWarm = -1, MaxConcurrency = 0, MaxQueue = -1, IdleAfter = TimeSpan.Zero },
            Limits = new LimitsSpec { Timeout = TimeSpan.FromHours(2), Fuel = -1, MemoryBytes = -1, MaxOutputBytes = -1 },
            Triggers =
            [
                new TriggerSpec { Kind = TriggerKind.Mqtt },
                new TriggerSpec { Kind = TriggerKind.Mqtt, Topic = "in", ReplyTopic = "out/#" },
                new TriggerSpec { Kind = TriggerKind.Interval, Interval = TimeSpan.FromMilliseconds(5) },
                new TriggerSpec { Kind = (TriggerKind)42 },
            ],
        };

        var errors = WorkloadSpecRules.Check(spec).ToList();

        Assert.That(errors, Is.EqualTo(new[]
        {
            "pool.minWarm -1 must be between 0 and pool.maxConcurrency (0)",
            "pool.maxConcurrency 0 must be between 1 and 10000",
            "pool.maxQueue -1 must be between 0 and 100000",
            "pool.idleAfter 0 ms must be positive",
            "limits.timeout 7200000 ms must be positive and at most 1 h",
            "limits.fuel -1 must not be negative",
            "limits.memoryBytes -1 must be between 0 and 4294967296",
            "limits.maxOutputBytes -1 must be between 0 and 67108864",
            "triggers[0] (mqtt): topic is required",
            "triggers[1] (mqtt): replyTopic 'out/#' must not contain the wildcards + or #",
            "triggers[2] (interval): interval 5 ms must be at least 100 ms",
            "triggers[3] (42): unknown trigger kind",
        }));
    }

    [Test]
    public void Validate_DesiredStateWithBadTrigger_IsRefusedNamingTheWorkload()
    {
        var state = Specs.State(Specs.Workload("web") with { Triggers = [new TriggerSpec { Kind = TriggerKind.Mqtt }] });

        Assert.That(DesiredStateValidator.Validate(state), Is.EqualTo(new[] { "workloads[0] (web): triggers[0] (mqtt): topic is required" }));
    }

    [Test]
    public void DiffersFrom_OnlyTriggersChanged_IsTrue()
    {
        var a = Specs.Workload("web") with { Triggers = [new TriggerSpec { Kind = TriggerKind.Http }] };
        var b = a with { Triggers = [new TriggerSpec { Kind = TriggerKind.Http }, new TriggerSpec { Kind = TriggerKind.Once }] };
        var same = a with { Triggers = [new TriggerSpec { Kind = TriggerKind.Http }] };

        Assert.That(a.DiffersFrom(b), Is.True);
        Assert.That(a.DiffersFrom(same), Is.False);
        Assert.That(a.DiffersFrom(a with { Pool = new PoolSpec { MinWarm = 0 } }), Is.True);
        Assert.That(a.DiffersFrom(a with { Limits = new LimitsSpec { Fuel = 5 } }), Is.True);
    }

    [TestCase(false, TriggerKind.Http, false)]
    [TestCase(false, TriggerKind.Once, true)]
    [TestCase(true, TriggerKind.Http, true)]
    public void RunsAtStart_FollowsTriggers(bool none, TriggerKind kind, bool expected)
    {
        var spec = Specs.Workload("web") with { Triggers = none ? [] : [new TriggerSpec { Kind = kind }] };

        Assert.That(spec.RunsAtStart, Is.EqualTo(expected));
    }
}
