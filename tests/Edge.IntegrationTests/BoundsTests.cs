using Edge.Protos.V1;
using Google.Protobuf;
using Grpc.Core;
using LiteDB;

namespace Edge.IntegrationTests;

/// <summary>
/// Bounds at the edge with the real controller and the real edgectl: a value past its documented
/// bound, or a module importing what no node provides, is refused naming it and changes nothing; a
/// poison record already in the fleet file is shown failed while the others keep working.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class BoundsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Apply_ReplicasAtIntMax_RefusedByEdgectlAndControllerAndStateUnchanged()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        await Eventually.Until(fleet.NodesAsync, ns => ns.Count == 1 && ns[0].Condition == NodeCondition.Ready, Bound, "node-1 Ready");
        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "web", "replicas: 1"));
        await Eventually.Until(() => fleet.WorkloadAsync("web"), w => w.ReplicasRunning == 1, Bound, "web runs");
        var before = await State(fleet);

        var (edgectlCode, edgectlOutput) = await fleet.EdgectlAsync("apply", "-f", await Manifest(fleet, "poison", "replicas: 2147483647"));
        var direct = Assert.ThrowsAsync<RpcException>(async () => await fleet.Admin.ApplyWorkloadAsync(new ApplyWorkloadRequest
        {
            Name = "poison",
            Module = ByteString.CopyFrom(await File.ReadAllBytesAsync(Repo.Sample("hello/hello.wat"))),
            Replicas = int.MaxValue,
        }, deadline: LocalFleet.Deadline()));
        var scale = Assert.ThrowsAsync<RpcException>(async () => await fleet.Admin.ScaleWorkloadAsync(
            new ScaleWorkloadRequest { Name = "web", Replicas = int.MaxValue }, deadline: LocalFleet.Deadline()));
        var (nopeCode, nopeOutput) = await fleet.EdgectlAsync("apply", "-f", await Manifest(fleet, "nope", "replicas: 1", NopeModule(fleet)));
        var after = await State(fleet);
        var scaled = await Ctl(fleet, "scale", "workload", "web", "--replicas", "0");

        Assert.Multiple(() =>
        {
            Assert.That(edgectlCode, Is.Not.Zero);
            Assert.That(edgectlOutput, Does.Contain("poison.yaml:").And.Contain("spec.replicas: must be from 0 to 100,000, got 2,147,483,647"));
            Assert.That(direct!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(direct.Status.Detail, Does.Contain("spec.replicas must be from 0 to 100,000, got 2,147,483,647"));
            Assert.That(scale!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(scale.Status.Detail, Does.Contain("must be from 0 to 100,000"));
            Assert.That(nopeCode, Is.Not.Zero);
            Assert.That(nopeOutput, Does.Contain("env.nope").And.Contain("does not provide"));
            Assert.That(after, Is.EqualTo(before));
            Assert.That(scaled, Does.Contain("web"));
        });
    }

    [Test]
    public async Task Restart_PoisonRecordInFleetFile_ControllerServesShowsItFailedOthersApplyAndScale()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        await Eventually.Until(fleet.NodesAsync, ns => ns.Count == 1 && ns[0].Condition == NodeCondition.Ready, Bound, "node-1 Ready");
        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "web", "replicas: 1"));
        fleet.KillController();

        // What an older controller could have saved: web's record, with replicas no placement can hold.
        using (var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(fleet.Dir, "controller", "fleet.db"), Connection = ConnectionType.Direct }))
        {
            var workloads = db.GetCollection("workloads");
            var poison = workloads.FindById("web");
            poison["_id"] = "poison";
            var placement = poison[poison.Keys.Single(k => k.Equals("Placement", StringComparison.OrdinalIgnoreCase))].AsDocument;
            placement[placement.Keys.Single(k => k.Equals("Replicas", StringComparison.OrdinalIgnoreCase))] = int.MaxValue;
            workloads.Insert(poison);
        }

        await fleet.StartControllerAsync();
        var listed = await Ctl(fleet, "get", "workloads");
        var explained = await Ctl(fleet, "explain", "workload", "poison");
        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "other", "replicas: 1"));
        await Ctl(fleet, "scale", "workload", "web", "--replicas", "0");
        var other = await Eventually.Until(() => fleet.WorkloadAsync("other"), w => w.ReplicasRunning == 1, Bound, "other runs");
        var web = await fleet.WorkloadAsync("web");

        Assert.Multiple(() =>
        {
            Assert.That(listed, Does.Contain("workload/poison FAILED, not placed: out of bounds: spec.replicas must be from 0 to 100,000"));
            Assert.That(explained, Does.Contain("FAILED, not placed"));
            Assert.That(other.ReplicasRunning, Is.EqualTo(1));
            Assert.That(web.ReplicasDesired, Is.Zero);
        });
    }

    /// <summary>Runs edgectl and fails the test, with its output, unless it exits 0.</summary>
    private static async Task<string> Ctl(LocalFleet fleet, params string[] args)
    {
        var (code, output) = await fleet.EdgectlAsync(args);
        Assert.That(code, Is.Zero, $"edgectl {string.Join(' ', args)}: {output}");
        return output;
    }

    private static Task<string> Manifest(LocalFleet fleet, string name, string extra, string? module = null) =>
        fleet.WriteWorkloadManifestAsync(name, "  " + extra, module);

    /// <summary>A real module (WAT text, as edgectl sends it) importing env.nope, which no node provides.</summary>
    private static string NopeModule(LocalFleet fleet)
    {
        var wat = Path.Combine(fleet.Dir, "nope.wat");
        File.WriteAllText(wat, """
            (module
              (import "env" "nope" (func $nope))
              (func (export "_start") (call $nope)))
            """);
        return wat;
    }

    /// <summary>What the admin API shows: workloads with their counts, and the nodes' desired versions.</summary>
    private static async Task<string> State(LocalFleet fleet)
    {
        var workloads = await fleet.Admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: LocalFleet.Deadline());
        var nodes = await fleet.NodesAsync();
        return workloads.ToString() + string.Join(",", nodes.Select(n => $"{n.Name}@{n.DesiredVersion}"));
    }
}
