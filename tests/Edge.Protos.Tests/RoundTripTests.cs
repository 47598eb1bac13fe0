using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Protos.Tests;

public sealed class RoundTripTests
{
    private static readonly Timestamp At = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Test]
    public void AgentMessage_Hello_RoundTripsThroughBytes()
    {
        var message = new AgentMessage
        {
            Hello = new Hello
            {
                Facts = new NodeFacts
                {
                    Name = "gateway-01",
                    Arch = "arm64",
                    Os = "linux",
                    OsDescription = "Linux 6.6",
                    CpuMillicores = 4000,
                    MemoryBytes = 4L << 30,
                    Labels = { ["zone"] = "eu-1", ["edge.io/arch"] = "arm64" },
                    AgentVersion = "0.1.0",
                    K3SNodeName = "gateway-01",
                    Hostname = "gateway-01",
                },
                AppliedVersion = 7,
                Workloads = { Status("web", WorkloadPhase.Running), Status("api", WorkloadPhase.Failed) },
            },
        };

        var parsed = AgentMessage.Parser.ParseFrom(message.ToByteArray());

        Assert.That(parsed, Is.EqualTo(message));
        Assert.That(parsed.KindCase, Is.EqualTo(AgentMessage.KindOneofCase.Hello));
        Assert.That(parsed.Hello.Facts.Labels["zone"], Is.EqualTo("eu-1"));
        Assert.That(parsed.Hello.Workloads.Select(w => w.Phase), Is.EqualTo(new[] { WorkloadPhase.Running, WorkloadPhase.Failed }));
    }

    [Test]
    public void AgentMessage_HeartbeatAndStatus_RoundTripThroughBytes()
    {
        var heartbeat = new AgentMessage { Heartbeat = new Heartbeat { SentAt = At, AppliedVersion = 3 } };
        var status = new AgentMessage { Status = new StatusReport { AppliedVersion = 3, Workloads = { Status("web", WorkloadPhase.Pending) } } };

        var parsedHeartbeat = AgentMessage.Parser.ParseFrom(heartbeat.ToByteArray());
        var parsedStatus = AgentMessage.Parser.ParseFrom(status.ToByteArray());

        Assert.That(parsedHeartbeat, Is.EqualTo(heartbeat));
        Assert.That(parsedHeartbeat.KindCase, Is.EqualTo(AgentMessage.KindOneofCase.Heartbeat));
        Assert.That(parsedStatus, Is.EqualTo(status));
        Assert.That(parsedStatus.Status.Workloads[0].Since, Is.EqualTo(At));
    }

    [Test]
    public void ControllerMessage_Welcome_RoundTripsThroughBytes()
    {
        var message = new ControllerMessage
        {
            Welcome = new Welcome { ControllerVersion = "0.1.0", MqttUri = "mqtt://b:1883", HeartbeatPeriodMs = 10_000, GracePeriodMs = 30_000 },
        };

        var parsed = ControllerMessage.Parser.ParseFrom(message.ToByteArray());

        Assert.That(parsed, Is.EqualTo(message));
        Assert.That(parsed.Welcome.GracePeriodMs, Is.EqualTo(30_000));
    }

    [Test]
    public void ControllerMessage_DesiredState_RoundTripsThroughBytes()
    {
        var message = new ControllerMessage
        {
            DesiredState = new DesiredState
            {
                Version = long.MaxValue,
                Workloads =
                {
                    new WorkloadSpec
                    {
                        Name = "web",
                        Module = new ModuleRef { Digest = "sha256:" + new string('a', 64), SizeBytes = 1234 },
                        Env = { ["LEVEL"] = "debug", ["EMPTY"] = "" },
                        Args = { "--port", "8080", "ünïcødé" },
                    },
                    new WorkloadSpec { Name = "no-module" },
                },
            },
        };

        var parsed = ControllerMessage.Parser.ParseFrom(message.ToByteArray());

        Assert.That(parsed, Is.EqualTo(message));
        Assert.That(parsed.DesiredState.Workloads[0].Args, Is.EqualTo(new[] { "--port", "8080", "ünïcødé" }));
        Assert.That(parsed.DesiredState.Workloads[1].Module, Is.Null);
    }

    [Test]
    public void TelemetryBatch_Samples_RoundTripThroughBytes()
    {
        var batch = new TelemetryBatch
        {
            Node = "gateway-01",
            Samples =
            {
                new NodeSample
                {
                    Sequence = ulong.MaxValue,
                    SampledAt = At,
                    CpuUsageRatio = 0.25,
                    MemoryUsedBytes = 1L << 29,
                    MemoryTotalBytes = 1L << 31,
                    LoadAverage1M = 1.5,
                    WorkloadsRunning = 4,
                },
                new NodeSample { Sequence = 1 },
            },
        };

        var parsed = TelemetryBatch.Parser.ParseFrom(batch.ToByteArray());

        Assert.That(parsed, Is.EqualTo(batch));
        Assert.That(parsed.Samples[0].Sequence, Is.EqualTo(ulong.MaxValue));
        Assert.That(parsed.Samples[0].CpuUsageRatio, Is.EqualTo(0.25));
    }

    [Test]
    public void AgentMessage_Empty_RoundTripsAsNoKind()
    {
        var parsed = AgentMessage.Parser.ParseFrom(new AgentMessage().ToByteArray());

        Assert.That(parsed.KindCase, Is.EqualTo(AgentMessage.KindOneofCase.None));
    }

    [Test]
    public void ParseFrom_TruncatedMessage_Throws()
    {
        var bytes = new ControllerMessage { Welcome = new Welcome { ControllerVersion = "0.1.0", MqttUri = "mqtt://b:1883" } }.ToByteArray();

        Assert.That(() => ControllerMessage.Parser.ParseFrom(bytes[..^3]), Throws.TypeOf<InvalidProtocolBufferException>());
    }

    private static WorkloadStatus Status(string name, WorkloadPhase phase) => new()
    {
        Name = name,
        Phase = phase,
        Message = phase == WorkloadPhase.Failed ? "trap" : "",
        ModuleDigest = "sha256:" + new string('b', 64),
        Since = At,
        Invocations = 10,
        Failures = 1,
    };
}
