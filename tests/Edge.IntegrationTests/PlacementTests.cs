using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>
/// Placement end to end as an operator meets it: real controller, three real agents, the real
/// edgectl for every step (label, apply, scale, explain, cordon, drain, delete).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class PlacementTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly string[] Names = ["node-1", "node-2", "node-3"];

    [Test]
    public async Task ReplicasWithSelector_RunOnMatchingNodes_ScaleDrainAndDeleteMoveThem()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        foreach (var name in Names)
        {
            fleet.StartAgent(name);
        }

        await Eventually.Until(fleet.NodesAsync, ns => ns.Count == 3 && ns.All(n => n.Condition == NodeCondition.Ready), Bound, "3 nodes Ready");
        await Ctl(fleet, "nodes", "label", "node-1", "tier=edge");
        await Ctl(fleet, "nodes", "label", "node-2", "tier=edge");
        var manifest = Path.Combine(fleet.Dir, "web.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            apiVersion: edge/v1
            kind: Workload
            metadata:
              name: web
            spec:
              module: {Repo.Sample("hello/hello.wat")}
              replicas: 2
              nodeSelector:
                tier: edge
              resources:
                cpu: 100m
                memory: 16Mi
            """);

        // replicas: 2 with a selector: exactly the two matching nodes run it.
        var applied = await Ctl(fleet, "apply", "-f", manifest);
        var two = await RunningOn(fleet, ["node-1", "node-2"], "2 labelled nodes run web");

        // Scale to 3: only two nodes match, so one waits, and explain says why.
        await Ctl(fleet, "scale", "workload", "web", "--replicas", "3");
        var explained = await Ctl(fleet, "explain", "workload", "web");
        await Ctl(fleet, "nodes", "label", "node-3", "tier=edge");
        var three = await RunningOn(fleet, ["node-1", "node-2", "node-3"], "the third replica runs on node-3 once it matches");

        // Back to 2 (the newest replica, on node-3, ends), then drain node-1: its replica moves to node-3.
        await Ctl(fleet, "scale", "workload", "web", "--replicas", "2");
        await RunningOn(fleet, ["node-1", "node-2"], "scaled back to node-1 and node-2");
        await Ctl(fleet, "nodes", "cordon", "node-1");
        await Ctl(fleet, "nodes", "drain", "node-1");
        var drained = await RunningOn(fleet, ["node-2", "node-3"], "node-1's replica moved to node-3");
        var listed = await Ctl(fleet, "get", "workloads", "-o", "json");
        var nodesTable = await Ctl(fleet, "nodes", "list");

        await Ctl(fleet, "delete", "workload", "web");
        var none = await RunningOn(fleet, [], "web ended everywhere");

        using var json = System.Text.Json.JsonDocument.Parse(listed);
        var item = json.RootElement.GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(applied, Does.Contain("workload/web configured").And.Contain("replicas:       2/2 placed"));
            Assert.That(two, Is.EqualTo(new[] { "node-1", "node-2" }));
            Assert.That(explained, Does.Contain("Unplaced").And.Contain("0/3 nodes fit: 2 anti-affinity edge.io/hostname, 1 node selector"));
            Assert.That(three, Is.EqualTo(Names));
            Assert.That(drained, Is.EqualTo(new[] { "node-2", "node-3" }));
            Assert.That(item.GetProperty("replicasDesired").GetInt32(), Is.EqualTo(2));
            Assert.That(item.GetProperty("replicasRunning").GetInt32(), Is.EqualTo(2));
            Assert.That(nodesTable, Does.Contain("Ready,SchedulingDisabled").And.Contain("fleet: 3 nodes, cpu requested"));
            Assert.That(none, Is.Empty);
        });
    }

    /// <summary>Runs edgectl and fails the test, with its output, unless it exits 0.</summary>
    private static async Task<string> Ctl(LocalFleet fleet, params string[] args)
    {
        var (code, output) = await fleet.EdgectlAsync(args);
        Assert.That(code, Is.Zero, $"edgectl {string.Join(' ', args)}: {output}");
        return output;
    }

    /// <summary>Waits until exactly <paramref name="expected"/> report web Running and no other node runs it.</summary>
    private static async Task<string[]> RunningOn(LocalFleet fleet, string[] expected, string what)
    {
        var nodes = await Eventually.Until(
            fleet.NodesAsync,
            ns => ns.Where(Runs).Select(n => n.Name).Order(StringComparer.Ordinal).SequenceEqual(expected)
                && ns.Where(n => !expected.Contains(n.Name)).All(n => n.Workloads.All(w => w.Name != "web")),
            Bound,
            what);
        return [.. nodes.Where(Runs).Select(n => n.Name).Order(StringComparer.Ordinal)];

        static bool Runs(Node n) => n.Workloads.Any(w => w.Name == "web" && w.Phase == WorkloadPhase.Running);
    }
}
