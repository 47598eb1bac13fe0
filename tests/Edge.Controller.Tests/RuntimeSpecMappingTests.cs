using Edge.Controller.Grpc;
using Edge.Controller.Store;
using Google.Protobuf.WellKnownTypes;
using Proto = Edge.Protos.V1;

namespace Edge.Controller.Tests;

public sealed class RuntimeSpecMappingTests
{
    [Test]
    public void RequestToRecordToSpec_PoolLimitsAndTriggers_RoundTrip()
    {
        var request = new Proto.ApplyWorkloadRequest
        {
            Name = "echo",
            Pool = new Proto.PoolSpec { MinWarm = 0, MaxConcurrency = 4, IdleAfter = Duration.FromTimeSpan(TimeSpan.FromSeconds(9)) },
            Limits = new Proto.WorkloadLimits { Timeout = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(300)), Fuel = 7, MemoryBytes = 1 << 20, MaxOutputBytes = 99 },
            Triggers =
            {
                new Proto.Trigger { Kind = Proto.TriggerKind.Mqtt, Topic = "in/#", ReplyTopic = "out" },
                new Proto.Trigger { Kind = Proto.TriggerKind.Interval, Interval = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) },
            },
        };
        var record = new WorkloadRecord { Id = "echo", Pool = request.Pool.ToRecord(), Limits = request.Limits.ToRecord(), Triggers = request.Triggers.ToRecords() };

        var spec = new Proto.WorkloadSpec();
        spec.AddRuntime(record);

        Assert.That(RuntimeSpecMapping.Check(record), Is.Empty);
        Assert.That(spec.Pool, Is.EqualTo(request.Pool));
        Assert.That(spec.Limits, Is.EqualTo(request.Limits));
        Assert.That(spec.Triggers, Is.EqualTo(request.Triggers));
    }

    [Test]
    public void ToRecords_UnspecifiedKind_ThrowsNamingTheTrigger()
    {
        var triggers = new[] { new Proto.Trigger { Kind = Proto.TriggerKind.Http }, new Proto.Trigger() };

        Assert.That(() => triggers.ToRecords(), Throws.ArgumentException.With.Message.EqualTo("triggers[1]: kind Unspecified is not one of http, mqtt, interval, once"));
    }

    [Test]
    public void Check_BadPool_NamesTheRule()
    {
        var record = new WorkloadRecord { Id = "echo", Pool = new WorkloadPoolRecord { MinWarm = 9, MaxConcurrency = 2 } };

        Assert.That(RuntimeSpecMapping.Check(record), Is.EqualTo(new[] { "pool.minWarm 9 must be between 0 and pool.maxConcurrency (2)" }));
    }

    [Test]
    public void SameSpecAs_OnlyTriggersDiffer_IsFalse()
    {
        var a = new WorkloadRecord { Id = "echo", ModuleDigest = "d", Triggers = [new TriggerRecord { Kind = "http" }] };
        var b = new WorkloadRecord { Id = "echo", ModuleDigest = "d", Triggers = [new TriggerRecord { Kind = "once" }] };

        Assert.That(a.SameSpecAs(b), Is.False);
        Assert.That(a.SameSpecAs(new WorkloadRecord { Id = "echo", ModuleDigest = "d", Triggers = [new TriggerRecord { Kind = "http" }] }), Is.True);
    }
}
