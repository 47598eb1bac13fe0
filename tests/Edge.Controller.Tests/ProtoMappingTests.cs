using Edge.Controller.Fleet;
using Edge.Controller.Grpc;
using Edge.Controller.Store;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Controller.Tests;

public sealed class ProtoMappingTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void NodeFacts_ToRecordAndBack_Equal()
    {
        var proto = new NodeFacts
        {
            Name = "pi-01",
            Arch = "arm64",
            Os = "linux",
            OsDescription = "Debian 12",
            CpuMillicores = 4000,
            MemoryBytes = 8L * 1024 * 1024 * 1024,
            AgentVersion = "0.1.0",
            K3SNodeName = "k3s-pi-01",
            Hostname = "pi-01.lan",
        };
        proto.Labels.Add("zone", "a");
        proto.Labels.Add("kubernetes.io/arch", "arm64");

        var back = proto.ToRecord().ToProto("pi-01");

        Assert.That(back, Is.EqualTo(proto));
    }

    [Test]
    public void NodeFacts_ToRecord_EveryField()
    {
        var proto = new NodeFacts { Name = "pi-01", Arch = "x64", K3SNodeName = "k", Hostname = "h", CpuMillicores = 1500 };
        proto.Labels.Add("zone", "b");

        var record = proto.ToRecord();

        Assert.Multiple(() =>
        {
            Assert.That(record.Arch, Is.EqualTo("x64"));
            Assert.That(record.K3sNodeName, Is.EqualTo("k"));
            Assert.That(record.Hostname, Is.EqualTo("h"));
            Assert.That(record.CpuMillicores, Is.EqualTo(1500));
            Assert.That(record.Labels, Is.EqualTo(new Dictionary<string, string> { ["zone"] = "b" }));
        });
    }

    [Test]
    public void NodeFacts_ToRecord_LabelsAreACopy()
    {
        var proto = new NodeFacts { Name = "pi-01" };
        proto.Labels.Add("zone", "a");
        var record = proto.ToRecord();

        proto.Labels["zone"] = "b";

        Assert.That(record.Labels["zone"], Is.EqualTo("a"));
    }

    [Test]
    public void DesiredSnapshot_ToProto_VersionAndEveryWorkloadField()
    {
        var web = Records.Workload("web", 'a');
        web.Env = new Dictionary<string, string> { ["LEVEL"] = "debug", ["PORT"] = "80" };
        web.Args = ["--b", "--a", "--b"];
        var api = Records.Workload("api", 'b');

        var proto = new DesiredSnapshot(12, [api, web]).ToProto();

        Assert.Multiple(() =>
        {
            Assert.That(proto.Version, Is.EqualTo(12));
            Assert.That(proto.Workloads.Select(w => w.Name), Is.EqualTo(new[] { "api", "web" }));
            var spec = proto.Workloads[1];
            Assert.That(spec.Module.Digest, Is.EqualTo(Records.Digest('a')));
            Assert.That(spec.Module.SizeBytes, Is.EqualTo(1234));
            Assert.That(spec.Env, Is.EquivalentTo(web.Env));
            Assert.That(spec.Args, Is.EqualTo(new[] { "--b", "--a", "--b" }));
        });
    }

    [Test]
    public void DesiredSnapshot_NoWorkloads_EmptyStateWithVersion()
    {
        var proto = new DesiredSnapshot(3, []).ToProto();

        Assert.That(proto, Is.EqualTo(new DesiredState { Version = 3 }));
    }

    [Test]
    public void DesiredSnapshot_ToProto_SurvivesTheWire()
    {
        var proto = new DesiredSnapshot(5, [Records.Workload("web")]).ToProto();

        var parsed = DesiredState.Parser.ParseFrom(proto.ToByteString());

        Assert.That(parsed, Is.EqualTo(proto));
    }

    // ObservedPhase is internal, so the expected phase comes by name.
    [TestCase(WorkloadPhase.Pending, nameof(ObservedPhase.Pending))]
    [TestCase(WorkloadPhase.Running, nameof(ObservedPhase.Running))]
    [TestCase(WorkloadPhase.Failed, nameof(ObservedPhase.Failed))]
    [TestCase(WorkloadPhase.Unspecified, nameof(ObservedPhase.Unknown))]
    [TestCase((WorkloadPhase)99, nameof(ObservedPhase.Unknown))]
    public void ToObserved_Phase_Mapped(WorkloadPhase phase, string expected)
    {
        var observed = new[] { new Protos.V1.WorkloadStatus { Name = "web", Phase = phase } }.ToObserved();

        Assert.That(observed.Single().Phase, Is.EqualTo(System.Enum.Parse<ObservedPhase>(expected)));
    }

    [Test]
    public void ToObserved_NoSince_UnixEpoch()
    {
        var observed = new[] { new Protos.V1.WorkloadStatus { Name = "web" } }.ToObserved();

        Assert.That(observed.Single().Since, Is.EqualTo(DateTimeOffset.UnixEpoch));
    }

    [Test]
    public void ObservedWorkload_ToProtoAndBack_Equal()
    {
        var observed = new ObservedWorkload("web", ObservedPhase.Failed, "trap: unreachable", Records.Digest('a'), T0, 17, 2);

        var back = new[] { observed.ToProto() }.ToObserved().Single();

        Assert.That(back, Is.EqualTo(observed));
    }

    [Test]
    public void NodeView_ToProto_ConditionFactsVersionsAndTelemetry()
    {
        var telemetry = new NodeTelemetrySample(9, T0, 0.5, 100, 200, 1.25, 2);
        var view = new NodeView(
            "pi-01", Scheduling.NodeCondition.Disconnected, T0, T0.AddSeconds(-50), Records.Facts(("zone", "a")),
            DesiredVersion: 4, AppliedVersion: 3,
            [new ObservedWorkload("web", ObservedPhase.Running, "", Records.Digest('a'), T0, 1, 0)], telemetry, Connected: false);

        var node = view.ToProto();

        Assert.Multiple(() =>
        {
            Assert.That(node.Name, Is.EqualTo("pi-01"));
            Assert.That(node.Condition, Is.EqualTo(Protos.V1.NodeCondition.Disconnected));
            Assert.That(node.ConditionSince, Is.EqualTo(Timestamp.FromDateTimeOffset(T0)));
            Assert.That(node.LastHeartbeat, Is.EqualTo(Timestamp.FromDateTimeOffset(T0.AddSeconds(-50))));
            Assert.That(node.Facts.Name, Is.EqualTo("pi-01"));
            Assert.That(node.Facts.Labels["zone"], Is.EqualTo("a"));
            Assert.That(node.DesiredVersion, Is.EqualTo(4));
            Assert.That(node.AppliedVersion, Is.EqualTo(3));
            Assert.That(node.Workloads.Single().Phase, Is.EqualTo(WorkloadPhase.Running));
            Assert.That(node.Telemetry.Sequence, Is.EqualTo(9));
            Assert.That(node.Telemetry.LoadAverage1M, Is.EqualTo(1.25));
            Assert.That(node.Telemetry.MemoryTotalBytes, Is.EqualTo(200));
        });
    }

    [Test]
    public void NodeView_NeverHeartbeatNoTelemetry_FieldsUnset()
    {
        var view = new NodeView("pi-01", Scheduling.NodeCondition.Ready, T0, null, new NodeFactsRecord(), 0, 0, [], null, false);

        var node = view.ToProto();

        Assert.Multiple(() =>
        {
            Assert.That(node.LastHeartbeat, Is.Null);
            Assert.That(node.Telemetry, Is.Null);
            Assert.That(node.Condition, Is.EqualTo(Protos.V1.NodeCondition.Ready));
        });
    }

    [Test]
    public void WorkloadView_ToProto_NameDigestSelectorAndCounts()
    {
        var workload = Records.Workload("web", 'c', ("zone", "a"));

        var proto = new WorkloadView(workload, 3, 2).ToProto();

        Assert.Multiple(() =>
        {
            Assert.That(proto.Name, Is.EqualTo("web"));
            Assert.That(proto.ModuleDigest, Is.EqualTo(Records.Digest('c')));
            Assert.That(proto.NodeSelector, Is.EquivalentTo(new Dictionary<string, string> { ["zone"] = "a" }));
            Assert.That(proto.NodesTargeted, Is.EqualTo(3));
            Assert.That(proto.NodesRunning, Is.EqualTo(2));
        });
    }
}
