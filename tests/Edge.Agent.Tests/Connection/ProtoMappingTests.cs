using Edge.Agent.Connection;
using Edge.Agent.Core;
using Google.Protobuf.WellKnownTypes;
using Proto = Edge.Protos.V1;

namespace Edge.Agent.Tests.Connection;

public sealed class ProtoMappingTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Test]
    public void ToDomain_FullSpec_MapsEveryField()
    {
        var proto = new Proto.DesiredState
        {
            Version = 12,
            Workloads =
            {
                new Proto.WorkloadSpec
                {
                    Name = "web",
                    Module = new Proto.ModuleRef { Digest = Digest, SizeBytes = 4096 },
                    Env = { ["LEVEL"] = "debug", ["ZONE"] = "eu" },
                    Args = { "--port", "8080" },
                },
                new Proto.WorkloadSpec { Name = "api", Module = new Proto.ModuleRef { Digest = Digest } },
            },
        };

        var domain = proto.ToDomain();

        Assert.That(domain.Version, Is.EqualTo(12));
        Assert.That(domain.Workloads.Select(w => w.Name), Is.EqualTo(new[] { "web", "api" }));
        var web = domain.Workloads[0];
        Assert.That(web.ModuleDigest, Is.EqualTo(Digest));
        Assert.That(web.ModuleSizeBytes, Is.EqualTo(4096));
        Assert.That(web.Env, Is.EquivalentTo(new Dictionary<string, string> { ["LEVEL"] = "debug", ["ZONE"] = "eu" }));
        Assert.That(web.Args, Is.EqualTo(new[] { "--port", "8080" }));
        Assert.That(domain.Workloads[1].Env, Is.Empty);
        Assert.That(domain.Workloads[1].Args, Is.Empty);
        Assert.That(DesiredStateValidator.Validate(domain), Is.Empty);
    }

    [Test]
    public void ToDomain_JobAndRawOutput_AreMapped()
    {
        var report = Report("OnFailure", 4, "raw").ToDomain().Workloads.Single();

        Assert.Multiple(() =>
        {
            Assert.That(report.Job, Is.EqualTo(new JobSpec { RestartPolicy = RestartPolicy.OnFailure, BackoffLimit = 4 }));
            Assert.That(report.IsJob, Is.True);
            Assert.That(report.RawHttpOutput, Is.True);
        });
    }

    [TestCase("Always", "", "restartPolicy -1 is not one of Never, OnFailure")]
    [TestCase("Never", "html", "http.output \"html\" is not one of wagi, raw")]
    public void ToDomain_UnknownJobOrOutputSetting_IsRefusedByTheValidatorNamingIt(string policy, string output, string expected)
    {
        var errors = DesiredStateValidator.Validate(Report(policy, 0, output).ToDomain());

        Assert.That(errors, Has.Some.Contains(expected));
    }

    private static Proto.DesiredState Report(string policy, int backoffLimit, string output) => new()
    {
        Version = 3,
        Workloads =
        {
            new Proto.WorkloadSpec
            {
                Name = "report",
                Module = new Proto.ModuleRef { Digest = Digest },
                Job = new Proto.JobSpec { RestartPolicy = policy, BackoffLimit = backoffLimit },
                Http = new Proto.HttpOutput { Output = output },
            },
        },
    };

    [Test]
    public void ToProto_FinishedJob_CarriesPhaseExitCodeAndAttempts()
    {
        var status = new WorkloadStatus
        {
            Name = "report",
            Phase = WorkloadPhase.Failed,
            ModuleDigest = Digest,
            Since = DateTimeOffset.UnixEpoch,
            ExitCode = 3,
            Attempts = 4,
        }.ToProto();
        var running = new WorkloadStatus { Name = "web", Phase = WorkloadPhase.Running, ModuleDigest = Digest, Since = DateTimeOffset.UnixEpoch }.ToProto();

        Assert.Multiple(() =>
        {
            Assert.That(status.Phase, Is.EqualTo(Proto.WorkloadPhase.Failed));
            Assert.That(status.HasExitCode, Is.True);
            Assert.That(status.ExitCode, Is.EqualTo(3));
            Assert.That(status.Attempts, Is.EqualTo(4));
            Assert.That(running.HasExitCode, Is.False, "no exit code is not exit code 0");
        });
    }

    [Test]
    public void ToDomain_ProtoChangedAfterwards_DomainUnaffected()
    {
        var spec = new Proto.WorkloadSpec { Name = "web", Module = new Proto.ModuleRef { Digest = Digest }, Env = { ["A"] = "1" }, Args = { "x" } };
        var proto = new Proto.DesiredState { Version = 1, Workloads = { spec } };

        var domain = proto.ToDomain();
        spec.Env["A"] = "2";
        spec.Args.Add("y");

        Assert.That(domain.Workloads[0].Env["A"], Is.EqualTo("1"));
        Assert.That(domain.Workloads[0].Args, Is.EqualTo(new[] { "x" }));
    }

    [Test]
    public void ToDomain_MissingModuleRef_EmptyDigestThatValidatorRefuses()
    {
        var proto = new Proto.DesiredState { Version = 3, Workloads = { new Proto.WorkloadSpec { Name = "web" } } };

        var domain = proto.ToDomain();

        Assert.That(domain.Workloads[0].ModuleDigest, Is.Empty);
        Assert.That(domain.Workloads[0].ModuleSizeBytes, Is.Zero);
        Assert.That(DesiredStateValidator.Validate(domain), Is.EqualTo(new[]
        {
            "workloads[0] (web): module digest '' is not 'sha256:' followed by 64 lowercase hex digits",
        }));
    }

    [Test]
    public void ToDomain_DefaultMessage_VersionZeroThatValidatorRefuses()
    {
        var domain = new Proto.DesiredState().ToDomain();

        Assert.That(domain.Workloads, Is.Empty);
        Assert.That(DesiredStateValidator.Validate(domain), Has.Some.Contains("version must be positive"));
    }

    [TestCase(WorkloadPhase.Pending, Proto.WorkloadPhase.Pending)]
    [TestCase(WorkloadPhase.Running, Proto.WorkloadPhase.Running)]
    [TestCase(WorkloadPhase.Failed, Proto.WorkloadPhase.Failed)]
    [TestCase((WorkloadPhase)42, Proto.WorkloadPhase.Unspecified)]
    public void ToProto_Phase_MapsToProtoPhase(WorkloadPhase phase, Proto.WorkloadPhase expected)
    {
        var proto = Status(phase).ToProto();

        Assert.That(proto.Phase, Is.EqualTo(expected));
    }

    [Test]
    public void ToProto_Status_MapsEveryField()
    {
        var status = Status(WorkloadPhase.Failed) with { Message = "trap: unreachable", Invocations = 9, Failures = 2 };

        var proto = status.ToProto();

        Assert.That(proto.Name, Is.EqualTo("web"));
        Assert.That(proto.Message, Is.EqualTo("trap: unreachable"));
        Assert.That(proto.ModuleDigest, Is.EqualTo(Digest));
        Assert.That(proto.Since, Is.EqualTo(Timestamp.FromDateTimeOffset(status.Since)));
        Assert.That(proto.Since.ToDateTimeOffset(), Is.EqualTo(status.Since));
        Assert.That(proto.Invocations, Is.EqualTo(9));
        Assert.That(proto.Failures, Is.EqualTo(2));
    }

    [Test]
    public void ToProto_NonUtcSince_SameInstant()
    {
        var since = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(2));

        var proto = (Status(WorkloadPhase.Running) with { Since = since }).ToProto();

        Assert.That(proto.Since.ToDateTimeOffset(), Is.EqualTo(since));
    }

    private static WorkloadStatus Status(WorkloadPhase phase) => new()
    {
        Name = "web",
        Phase = phase,
        ModuleDigest = Digest,
        Since = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
    };

    [Test]
    public void ToDomain_PoolLimitsAndTriggers_AreMappedAndAbsentOnesTakeDefaults()
    {
        var proto = new Proto.DesiredState
        {
            Version = 1,
            Workloads =
            {
                new Proto.WorkloadSpec
                {
                    Name = "web",
                    Module = new Proto.ModuleRef { Digest = Digest },
                    Pool = new Proto.PoolSpec { MinWarm = 0, MaxQueue = 5 },
                    Limits = new Proto.WorkloadLimits { Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)), Fuel = 9 },
                    Triggers =
                    {
                        new Proto.Trigger { Kind = Proto.TriggerKind.Http },
                        new Proto.Trigger { Kind = Proto.TriggerKind.Interval, Interval = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)) },
                        new Proto.Trigger { Kind = Proto.TriggerKind.Unspecified },
                    },
                },
                new Proto.WorkloadSpec { Name = "api", Module = new Proto.ModuleRef { Digest = Digest } },
            },
        };

        var domain = proto.ToDomain();

        var web = domain.Workloads[0];
        Assert.That(web.Pool, Is.EqualTo(new PoolSpec { MinWarm = 0, MaxQueue = 5 }));
        Assert.That(web.Limits, Is.EqualTo(new LimitsSpec { Timeout = TimeSpan.FromSeconds(2), Fuel = 9 }));
        Assert.That(web.Triggers[1], Is.EqualTo(new TriggerSpec { Kind = TriggerKind.Interval, Interval = TimeSpan.FromSeconds(30) }));
        Assert.That(domain.Workloads[1].Pool, Is.EqualTo(PoolSpec.Default));
        Assert.That(DesiredStateValidator.Validate(domain), Is.EqualTo(new[] { "workloads[0] (web): triggers[2] (-1): unknown trigger kind" }));
    }
}
