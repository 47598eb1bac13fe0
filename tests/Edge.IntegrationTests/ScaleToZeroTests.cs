using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>
/// Scale to zero and vertical resize end to end: real controller, real agent, real edgectl.
/// A workload scaled to 0 is held cold on its node; an HTTP request wakes it there and the
/// controller scales it to 1; a resize lands in place while a request is in flight. A wake while
/// the controller is down comes in the node's next hello.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class ScaleToZeroTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task ScaledToZero_HeldColdWokenByHttpThenResizedWithARequestInFlight()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var triggerPort = Ports.Free();
        var agent = fleet.StartAgent("node-1", null, "--set", $"Agent:TriggerListen=http://127.0.0.1:{triggerPort}");
        // samples/slow as shipped: HTTP trigger, 100m / 16Mi, memory limit 1Mi; waits 100 ms per body byte.
        await Ctl(fleet, "apply", "-f", Repo.Sample("slow/workload.yaml"));
        await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Workloads.Any(w => w.Name == "slow" && w.Phase == WorkloadPhase.Running && !w.Cold), Bound, "node-1 runs slow");

        // Scale to zero: the node holds it cold (compiled, nothing warm) and nothing is reserved.
        await Ctl(fleet, "scale", "workload", "slow", "--replicas", "0");
        var cold = await Eventually.Until(() => SlowOnAgentAsync(fleet), w => w.GetProperty("cold").GetBoolean(), Bound, "the agent holds slow cold");
        var atZero = await Workload(fleet);
        var explainedCold = await Ctl(fleet, "explain", "workload", "slow");

        // The first request wakes it on the device; the controller scales it to 1 and it runs reserved.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        using var first = await http.PostAsync($"http://127.0.0.1:{triggerPort}/w/slow", null);
        var answered = clock.Elapsed;
        var woken = await Eventually.Until(() => Workload(fleet), w => w.ReplicasRunning == 1, Bound, "slow scaled to 1 and Running");
        var wakeToRunning = clock.Elapsed;
        var explainedWoken = await Ctl(fleet, "explain", "workload", "slow");

        // Resize while a 4 s request (40 bytes) is in flight: the limit changes in place, the request completes.
        var inFlight = http.PostAsync($"http://127.0.0.1:{triggerPort}/w/slow", new StringContent(new string('x', 40)));
        await Eventually.Until(() => fleet.AgentMetricsAsync("node-1"), m => m.Contains("edge_workload_busy_instances{workload=\"slow\"} 1", StringComparison.Ordinal), Bound, "a request in flight");
        var resized = await Ctl(fleet, "resize", "workload", "slow", "--cpu", "250m", "--memory", "2Mi");
        await Eventually.Until(() => Task.FromResult(agent.OutputContains("Workload slow changed in place: cold False, memory limit 2097152 bytes")), done => done, Bound, "the agent applies the resize");
        var stillInFlight = !inFlight.IsCompleted;
        using var slowAnswer = await inFlight.WaitAsync(Bound);
        var afterResize = await Workload(fleet);
        var recommended = await Ctl(fleet, "recommend", "workload", "slow");

        TestContext.Progress.WriteLine(recommended);
        TestContext.Progress.WriteLine($"cold invocation answered in {answered.TotalMilliseconds:0.0} ms; request -> replica Running {wakeToRunning.TotalMilliseconds:0} ms");
        Assert.Multiple(async () =>
        {
            Assert.That(cold.GetProperty("warmInstances").GetInt32(), Is.Zero, "cold: nothing warm");
            Assert.That(cold.GetProperty("phase").GetString(), Is.EqualTo("Running"), "cold: compiled and armed");
            Assert.That((atZero.ReplicasDesired, atZero.ReplicasPlaced), Is.EqualTo((0, 0)));
            Assert.That(explainedCold, Does.Contain("cold: at 0 replicas, held cold on node-1"));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await first.Content.ReadAsStringAsync(), Is.EqualTo("done"));
            Assert.That((woken.ReplicasDesired, woken.ReplicasRunning), Is.EqualTo((1, 1)));
            Assert.That(explainedWoken, Does.Contain("woken by a first invocation on node node-1 while cold: scaled 0 -> 1"));
            Assert.That(resized, Does.Contain("workload/slow resized: 250m cpu, 2Mi memory per replica"));
            Assert.That(stillInFlight, Is.True, "the resize must land while the request runs");
            Assert.That(slowAnswer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await slowAnswer.Content.ReadAsStringAsync(), Is.EqualTo("done"));
            Assert.That((afterResize.Requests.CpuMillicores, afterResize.Requests.MemoryBytes, afterResize.ReplicasRunning), Is.EqualTo((250L, 2L << 20, 1)));
            Assert.That(agent.OutputContains("StopWorkload slow"), Is.False, "neither the wake nor the resize restarts the workload");
            Assert.That(recommended, Does.Contain("workload/slow: current 250m cpu, 2Mi memory per replica").And.Contain("usage samples"));
        });
    }

    /// <summary>
    /// A wake the controller was not there to hear, with two agents. The workload is held cold on
    /// both nodes; the controller is killed (SIGKILL); a request wakes it on node-2, which serves it
    /// alone; the controller starts again on the same data directory, hears the wake in node-2's
    /// hello and scales the workload to 1, on node-2, where the traffic arrives (both nodes score
    /// alike, so placement alone would take node-1, the smaller name).
    /// </summary>
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
        var node1 = await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Workloads.All(w => w.Name != "slow"), Bound, "node-1 no longer holds slow");
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
            Assert.That(node1.Workloads.Select(w => w.Name), Does.Not.Contain("slow"), "node-1 no longer holds it");
            Assert.That(fleet.Agent("node-2").OutputContains("StopWorkload slow"), Is.False, "the woken workload is not restarted");
        });
    }

    private static Task<JsonElement> SlowOnAgentAsync(LocalFleet fleet) => SlowOnAgentAsync(fleet, "node-1");

    private static async Task<JsonElement> SlowOnAgentAsync(LocalFleet fleet, string node) =>
        (await fleet.AgentStatusAsync(node)).GetProperty("workloads").EnumerateArray().Single(w => w.GetProperty("name").GetString() == "slow");

    private static async Task<WorkloadExplanation> Explain(LocalFleet fleet) =>
        await fleet.Admin.ExplainWorkloadAsync(new ExplainWorkloadRequest { Name = "slow" }, deadline: LocalFleet.Deadline());

    private static Task<Workload> Workload(LocalFleet fleet) => fleet.WorkloadAsync("slow");

    /// <summary>Runs edgectl and fails the test, with its output, unless it exits 0.</summary>
    private static async Task<string> Ctl(LocalFleet fleet, params string[] args)
    {
        var (code, output) = await fleet.EdgectlAsync(args);
        Assert.That(code, Is.Zero, $"edgectl {string.Join(' ', args)}: {output}");
        return output;
    }
}
