using Edge.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;
using static Edge.IntegrationTests.PlacementSteps;

namespace Edge.IntegrationTests;

/// <summary>
/// Extended resources and workload affinity end to end: a real controller, real agents started
/// with device configuration, the real edgectl for every step. A workload needing a GPU lands only
/// where one is free and otherwise waits with its reason in explain; a workload affine to another
/// lands in its topology domain; bad fields are refused and change nothing.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class DevicesAndWorkloadAffinityTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task GpuFromAgentConfig_WorkloadLandsOnlyOnTheGpuNode_NextOneWaitsAndSaysWhy()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1", null, "--set", "Agent:ExtendedResources:edge.io/gpu=1");
        fleet.StartAgent("node-2");
        await Eventually.Until(fleet.NodesAsync, ns => ns.Count == 2 && ns.All(n => n.Condition == NodeCondition.Ready), Bound, "2 nodes Ready");

        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "vision", "  replicas: 1", gpus: "1"));
        var vision = await RunningOn(fleet, "vision", ["node-1"]);
        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "lidar", "  replicas: 1", gpus: "1"));
        var lidarExplained = await Eventually.Until(
            () => fleet.EdgectlAsync("explain", "workload", "lidar"), r => r.Output.Contains("insufficient edge.io/gpu", StringComparison.Ordinal), Bound, "lidar unplaced with its reason");
        var node1 = await Ctl(fleet, "nodes", "get", "node-1");
        var list = await Ctl(fleet, "nodes", "list");
        var json = await Ctl(fleet, "nodes", "get", "node-1", "-o", "json");

        // A fraction of a device is refused by name, and what is stored does not change.
        var before = await Ctl(fleet, "get", "workloads", "-o", "json");
        var (code, refused) = await fleet.EdgectlAsync("apply", "-f", await Manifest(fleet, "vision", "  replicas: 1", gpus: "0.5"));
        var after = await Ctl(fleet, "get", "workloads", "-o", "json");
        var nodes = await fleet.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(vision, Is.EqualTo(new[] { "node-1" }));
            Assert.That(lidarExplained.Output, Does.Contain("0/2 nodes fit: 2 insufficient edge.io/gpu"), "node-2 has none, node-1's is taken");
            Assert.That(nodes.SelectMany(n => n.Workloads).Any(w => w.Name == "lidar"), Is.False, "lidar waits, placed nowhere");
            Assert.That(node1, Does.Contain("edge.io/gpu:").And.Contain("1 of 1 allocated"));
            Assert.That(list, Does.Contain("DEVICES").And.Contain("edge.io/gpu=1/1"));
            Assert.That(json, Does.Contain("\"extendedResources\"").And.Contain("\"extendedRequested\""));
            Assert.That(code, Is.Not.Zero);
            Assert.That(refused, Does.Contain("spec.resources.edge.io/gpu").And.Contain("whole number of devices"));
            Assert.That(after, Is.EqualTo(before));
        });
    }

    [Test]
    public async Task BadDevicesInAHelloAndOverAGpuQuota_RefusedNamingTheProblem_NothingChanges()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();

        // An agent (or anything speaking its protocol) advertising a malformed device is refused before it joins.
        using var channel = GrpcChannel.ForAddress(fleet.ControllerUrl);
        var agent = new AgentService.AgentServiceClient(channel);
        var facts = new NodeFacts { Name = "rogue", Arch = "x64", Os = "linux", CpuMillicores = 1000, MemoryBytes = 1L << 30 };
        facts.ExtendedResources["gpu"] = 1;
        facts.ExtendedResources["edge.io/gpu"] = -3;
        using var call = agent.Connect(deadline: DateTime.UtcNow.AddSeconds(10));
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = new Hello { Facts = facts } });
        var hello = Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));

        // A tenant allowed one GPU: two replicas needing one each are refused at apply, and nothing is stored.
        var tenant = Path.Combine(fleet.Dir, "vision-tenant.yaml");
        await File.WriteAllTextAsync(tenant, """
            apiVersion: edge/v1
            kind: Tenant
            metadata: {name: vision}
            spec:
              quota: {requests.edge.io/gpu: 1}
            """);
        await Ctl(fleet, "apply", "-f", tenant);
        var (code, refused) = await fleet.EdgectlAsync("apply", "-f", await Manifest(fleet, "cams", "  replicas: 2\n  tenant: vision", gpus: "1"));
        var tenants = await Ctl(fleet, "get", "tenants", "-o", "json");
        var nodes = await fleet.NodesAsync();
        var workloads = await fleet.Admin.ListWorkloadsAsync(new ListWorkloadsRequest { AllTenants = true }, deadline: LocalFleet.Deadline());

        Assert.Multiple(() =>
        {
            Assert.That(hello!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(hello.Status.Detail, Does.Contain("node rogue: extended resources").And.Contain("\"gpu\" is not an extended resource name")
                .And.Contain("edge.io/gpu: must be a whole number from 0 to 1,000,000, got -3"));
            Assert.That(nodes.Select(n => n.Name), Does.Not.Contain("rogue"));
            Assert.That(code, Is.Not.Zero);
            Assert.That(refused, Does.Contain("quota requests.edge.io/gpu: 2 requested, limit 1, exceeded by 1"));
            Assert.That(workloads.Workloads, Is.Empty);
            Assert.That(tenants, Does.Contain("edge.io/gpu"));
        });
    }

    [Test]
    public async Task WorkloadAffinity_ThroughEdgectl_LandsInTheOtherWorkloadsZoneOrWaitsAndSaysWhy()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        foreach (var name in new[] { "node-1", "node-2", "node-3" })
        {
            fleet.StartAgent(name);
        }

        await Eventually.Until(fleet.NodesAsync, ns => ns.Count == 3 && ns.All(n => n.Condition == NodeCondition.Ready), Bound, "3 nodes Ready");
        await Ctl(fleet, "nodes", "label", "node-1", "zone=a");
        await Ctl(fleet, "nodes", "label", "node-2", "zone=b");
        await Ctl(fleet, "nodes", "label", "node-3", "zone=b", "role=cache");

        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "cache", "  replicas: 1\n  nodeSelector: {role: cache}"));
        await RunningOn(fleet, "cache", ["node-3"]);
        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "web", """
              replicas: 2
              affinity:
                workloadAffinity:
                  required: [{workloads: [cache], topologyKey: zone}]
            """));
        var web = await RunningOn(fleet, "web", ["node-2", "node-3"]);

        // Affine to a workload that runs nowhere: it waits, and explain names the term.
        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "report", """
              replicas: 1
              affinity:
                workloadAffinity:
                  required: [{workloads: [missing], topologyKey: zone}]
            """));
        var reportExplained = await Eventually.Until(
            () => fleet.EdgectlAsync("explain", "workload", "report"), r => r.Output.Contains("workload affinity zone", StringComparison.Ordinal), Bound, "report unplaced with its reason");

        var before = await Ctl(fleet, "get", "workloads", "-o", "json");
        var (code, refused) = await fleet.EdgectlAsync("apply", "-f", await Manifest(fleet, "web", """
              replicas: 2
              affinity:
                workloadAffinity:
                  preferred: [{weight: 500, workloads: [cache], topologyKey: zone}]
            """));
        var after = await Ctl(fleet, "get", "workloads", "-o", "json");
        var nodes = await fleet.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(web, Is.EqualTo(new[] { "node-2", "node-3" }), "zone b only, where cache runs");
            Assert.That(reportExplained.Output, Does.Contain("0/3 nodes fit: 3 workload affinity zone"));
            Assert.That(nodes.SelectMany(n => n.Workloads).Any(w => w.Name == "report"), Is.False);
            Assert.That(code, Is.Not.Zero);
            Assert.That(refused, Does.Contain("spec.affinity.workloadAffinity.preferred[0].weight").And.Contain("must be from 1 to 100, got 500"));
            Assert.That(after, Is.EqualTo(before));
        });
    }
}
