using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>
/// A wake the controller was not there to hear: real controller, two real agents. The workload is
/// held cold on both nodes; the controller is killed (SIGKILL); a request wakes it on node-2,
/// which serves it alone; the controller starts again on the same data directory, hears the wake
/// in node-2's hello and scales the workload to 1, on node-2, where the traffic arrives (both
/// nodes score alike, so placement alone would take node-1, the smaller name).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class ScaleToZeroRestartTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task ControllerKilled_ColdWorkloadWokenMeanwhile_ScaledToOneOnTheWokenNodeAfterTheRestart()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var triggerPorts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in new[] { "node-1", "node-2" })
        {
            triggerPorts[node] = Ports.Free();
            fleet.StartAgent(node, null, "--set", $"Agent:TriggerListen=http://127.0.0.1:{triggerPorts[node]}");
        }

        await Ctl(fleet, "apply", "-f", Repo.Sample("slow/workload.yaml"));
        await Ctl(fleet, "scale", "workload", "slow", "--replicas", "2");
        await Eventually.Until(() => Workload(fleet), w => w.ReplicasRunning == 2, Bound, "slow runs on both nodes");
        await Ctl(fleet, "scale", "workload", "slow", "--replicas", "0");
        foreach (var node in triggerPorts.Keys)
        {
            await Eventually.Until(() => SlowOnAgentAsync(fleet, node), w => w.GetProperty("cold").GetBoolean(), Bound, $"{node} holds slow cold");
        }

        var explainedCold = await Explain(fleet);

        // The controller dies; a request reaches node-2, which runs the cold workload alone.
        fleet.KillController();
        using var http = new HttpClient { Timeout = Bound };
        using var answer = await http.PostAsync($"http://127.0.0.1:{triggerPorts["node-2"]}/w/slow", null);
        var wokenOnAgent = await Eventually.Until(() => SlowOnAgentAsync(fleet, "node-2"), w => w.GetProperty("woken").GetBoolean(), Bound, "node-2 knows slow was woken");

        // Back on the same data directory: node-2's hello carries the wake.
        var clock = Stopwatch.StartNew();
        await fleet.StartControllerAsync();
        var running = await Eventually.Until(() => Workload(fleet), w => w.ReplicasRunning == 1, Bound, "slow scaled to 1 and Running after the restart");
        var restartToRunning = clock.Elapsed;
        var explained = await Explain(fleet);
        var onNode2 = await Eventually.Until(() => SlowOnAgentAsync(fleet, "node-2"), w => !w.GetProperty("cold").GetBoolean(), Bound, "node-2 runs slow warm");
        var nodes = await fleet.NodesAsync();
        var printed = await Ctl(fleet, "explain", "workload", "slow");

        TestContext.Progress.WriteLine(printed);
        TestContext.Progress.WriteLine($"controller start -> woken replica Running: {restartToRunning.TotalMilliseconds:0} ms");
        Assert.Multiple(async () =>
        {
            Assert.That(explainedCold.Cold, Does.Contain("held cold on node-1, node-2"));
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "served cold while the controller was down");
            Assert.That(await answer.Content.ReadAsStringAsync(), Is.EqualTo("done"));
            Assert.That(wokenOnAgent.GetProperty("cold").GetBoolean(), Is.True);
            Assert.That((running.ReplicasDesired, running.ReplicasPlaced, running.ReplicasRunning), Is.EqualTo((1, 1, 1)));
            Assert.That(explained.Replicas.Select(r => (r.Node, r.State)), Is.EqualTo(new[] { ("node-2", "Running") }));
            Assert.That(printed, Does.Contain("woken: ").And.Contain("placed on node-2 where it was woken"));
            Assert.That(explained.Woken, Does.Contain("woken by a first invocation on node node-2 while cold: scaled 0 -> 1, placed on node-2 where it was woken"));
            Assert.That(onNode2.GetProperty("phase").GetString(), Is.EqualTo("Running"));
            Assert.That(nodes.Single(n => n.Name == "node-1").Workloads.Select(w => w.Name), Does.Not.Contain("slow"), "node-1 no longer holds it");
            Assert.That(fleet.Agent("node-2").OutputContains("StopWorkload slow"), Is.False, "the woken workload is not restarted");
        });
    }

    private static async Task<JsonElement> SlowOnAgentAsync(LocalFleet fleet, string node) =>
        (await fleet.AgentStatusAsync(node)).GetProperty("workloads").EnumerateArray().Single(w => w.GetProperty("name").GetString() == "slow");

    private static async Task<Workload> Workload(LocalFleet fleet) =>
        (await fleet.Admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: LocalFleet.Deadline())).Workloads.Single(w => w.Name == "slow");

    private static async Task<WorkloadExplanation> Explain(LocalFleet fleet) =>
        await fleet.Admin.ExplainWorkloadAsync(new ExplainWorkloadRequest { Name = "slow" }, deadline: LocalFleet.Deadline());

    /// <summary>Runs edgectl and fails the test, with its output, unless it exits 0.</summary>
    private static async Task<string> Ctl(LocalFleet fleet, params string[] args)
    {
        var (code, output) = await fleet.EdgectlAsync(args);
        Assert.That(code, Is.Zero, $"edgectl {string.Join(' ', args)}: {output}");
        return output;
    }
}
