using Edge.Protos.V1;
using static Edge.IntegrationTests.PlacementSteps;

namespace Edge.IntegrationTests;

/// <summary>
/// The kube-scheduler rules an operator from K3s expects, end to end: real controller, three real
/// agents, the real edgectl for every step. Symmetric anti-affinity keeps a workload out of the
/// domain of another whose term names it; the spread fields (minDomains, node inclusion policies)
/// travel from the manifest to the decision; bad fields are refused and change nothing.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class UpstreamPlacementTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task SymmetricAntiAffinityAndSpreadFields_ThroughEdgectl_DecideAsUpstreamAndRefuseBadFields()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        foreach (var name in new[] { "node-1", "node-2", "node-3" })
        {
            fleet.StartAgent(name);
        }

        await Eventually.Until(fleet.NodesAsync, ns => ns.Count == 3 && ns.All(n => n.Condition == NodeCondition.Ready), Bound, "3 nodes Ready");
        await Ctl(fleet, "nodes", "label", "node-1", "zone=a", "role=db");
        await Ctl(fleet, "nodes", "label", "node-2", "zone=a");
        await Ctl(fleet, "nodes", "label", "node-3", "zone=b");

        // db runs on node-1 and says "never with web in my zone": web may only use zone b.
        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "db", """
              replicas: 1
              nodeSelector: {role: db}
              affinity:
                workloadAntiAffinity:
                  - {workloads: [web], topologyKey: zone}
            """));
        await RunningOn(fleet, "db", ["node-1"]);
        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "web", "  replicas: 2"));
        var web = await RunningOn(fleet, "web", ["node-3"]);
        var explained = await Ctl(fleet, "explain", "workload", "web");

        // Spread with minDomains 3 over two zones: the least count stays 0, so one replica per zone at most.
        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "api", """
              replicas: 3
              topologySpreadConstraints:
                - {topologyKey: zone, maxSkew: 1, minDomains: 3, nodeAffinityPolicy: Honor, nodeTaintsPolicy: Honor}
            """));
        var api = await Eventually.Until(fleet.NodesAsync, ns => ns.Count(n => Runs(n, "api")) == 2, Bound, "api on 2 nodes");
        var apiExplained = await Ctl(fleet, "explain", "workload", "api");

        // A bad field is refused with its name, and the stored workload is untouched.
        var before = await Ctl(fleet, "get", "workloads", "-o", "json");
        var (code, refused) = await fleet.EdgectlAsync("apply", "-f", await Manifest(fleet, "api", """
              replicas: 5
              topologySpreadConstraints:
                - {topologyKey: zone, maxSkew: 1, minDomains: 3, whenUnsatisfiable: ScheduleAnyway}
            """));
        var after = await Ctl(fleet, "get", "workloads", "-o", "json");

        Assert.Multiple(() =>
        {
            Assert.That(web, Is.EqualTo(new[] { "node-3" }));
            Assert.That(explained, Does.Contain("anti-affinity of db zone"));
            Assert.That(api.Where(n => Runs(n, "api")).Select(n => n.Name).Count(n => n != "node-3"), Is.EqualTo(1), "one replica in zone a, one in zone b");
            Assert.That(apiExplained, Does.Contain("topology spread zone"));
            Assert.That(code, Is.Not.Zero);
            Assert.That(refused, Does.Contain("spec.topologySpreadConstraints[0].minDomains").And.Contain("applies only with whenUnsatisfiable: DoNotSchedule"));
            Assert.That(after, Is.EqualTo(before));
        });
    }

    [Test]
    public async Task MaxWorkloadsFromAgentConfig_NodeTakesNoMore_ExplainAndNodesGetSayWhy()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1", null, "--set", "Agent:MaxWorkloads=1");
        fleet.StartAgent("node-2");
        await Eventually.Until(fleet.NodesAsync, ns => ns.Count == 2 && ns.All(n => n.Condition == NodeCondition.Ready), Bound, "2 nodes Ready");
        await Ctl(fleet, "nodes", "label", "node-1", "role=a");

        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "a", "  replicas: 1\n  nodeSelector: {role: a}"));
        await RunningOn(fleet, "a", ["node-1"]);
        await Ctl(fleet, "apply", "-f", await Manifest(fleet, "b", "  replicas: 2"));
        var b = await RunningOn(fleet, "b", ["node-2"]);
        var explained = await Ctl(fleet, "explain", "workload", "b");
        var node1 = await Ctl(fleet, "nodes", "get", "node-1");

        Assert.Multiple(() =>
        {
            Assert.That(b, Is.EqualTo(new[] { "node-2" }));
            Assert.That(explained, Does.Contain("1 too many workloads"));
            Assert.That(node1, Does.Contain("Max Workloads:").And.Contain("1 of 1 placed"));
        });
    }
}
