using System.Text.Json;
using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>
/// Autoscaling on usage the agent measures, with real processes end to end: a controller with a
/// short sync period, two agents, edgectl, and samples/burn (each request spins a few tens of
/// milliseconds of CPU and grows its instance by 2 MiB). The agents measure each workload's CPU
/// time on their threads and its linear memory; `cpu` is then taken as measured, not estimated.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class MeasuredUsageAutoscalingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task BurnLoad_CpuMeasuredByTheAgents_ScalesUpAndTopShowsCpuAndMemory()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync("--Controller:Autoscaling:SyncPeriod=00:00:01", "--Controller:Autoscaling:MetricWindow=00:00:03");
        var ports = new[] { Ports.Free(), Ports.Free() };
        fleet.StartAgent("node-1", null, "--set", $"Agent:TriggerListen=http://127.0.0.1:{ports[0]}");
        fleet.StartAgent("node-2", null, "--set", $"Agent:TriggerListen=http://127.0.0.1:{ports[1]}");
        await Eventually.Until(fleet.NodesAsync, n => n.Count == 2 && n.All(x => x.Condition == NodeCondition.Ready), Bound, "two nodes ready");
        var manifest = Path.Combine(fleet.Dir, "burn.yaml");
        await File.WriteAllTextAsync(manifest, $$"""
            apiVersion: edge/v1
            kind: Workload
            metadata: {name: burn}
            spec:
              module: {{Repo.Sample("burn/burn.wat")}}
              replicas: 1
              resources: {cpu: 50m, memory: 16Mi}
              pool: {minWarm: 1, maxConcurrency: 4}
              limits: {timeout: 5s, memory: 8Mi}
              triggers: [{kind: http}]
            """);
        var (code, output) = await fleet.EdgectlAsync("apply", "-f", manifest);
        Assert.That(code, Is.Zero, output);
        await Eventually.Until(Burn, w => w.ReplicasRunning == 1, Bound, "one burn replica running");

        var (scaleCode, scaled) = await fleet.EdgectlAsync("autoscale", "workload", "burn", "--min", "1", "--max", "2", "--cpu-percent", "50");
        Assert.That(scaleCode, Is.Zero, scaled);

        using var load = new CancellationTokenSource();
        var answered = 0;
        var loadTask = Task.Run(async () =>
        {
            // Ten requests a second to each node: a node without burn answers 404 and spends nothing.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            var sent = 0;
            while (await pace.WaitForNextTickAsync(load.Token))
            {
                try
                {
                    using var response = await http.PostAsync($"http://127.0.0.1:{ports[sent++ % 2]}/w/burn", new StringContent(""), load.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref answered);
                    }
                }
                catch (HttpRequestException)
                {
                    // a node restarting its listener refuses: the load goes on
                }
            }
        });

        string top;
        string explanation;
        try
        {
            await Eventually.Until(Burn, w => w.ReplicasDesired > 1, Bound, "burn scaled up on measured CPU");
            (_, explanation) = await fleet.EdgectlAsync("explain", "autoscaler", "burn");
            var (topCode, table) = await fleet.EdgectlAsync("top", "workloads", "-o", "json");
            Assert.That(topCode, Is.Zero, table);
            top = table;
        }
        finally
        {
            await load.CancelAsync();
            await loadTask.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await TestContext.Out.WriteLineAsync($"{answered} requests answered\nedgectl explain autoscaler burn:\n{explanation}\nedgectl top workloads -o json:\n{top}");
        var burn = JsonDocument.Parse(top).RootElement.GetProperty("items").EnumerateArray().Single(w => w.GetProperty("name").GetString() == "burn");
        Assert.Multiple(() =>
        {
            Assert.That(answered, Is.GreaterThan(0));
            // Taken as measured on every node that runs it: no agent here falls back to the estimate.
            Assert.That(explanation, Does.Contain("cpu").And.Contain("measured"));
            Assert.That(explanation, Does.Not.Contain("estimated as invocations/s"));
            Assert.That(burn.GetProperty("cpuMillicores").GetDouble(), Is.GreaterThan(0));
            // Each request's instance grows by 32 pages (2 MiB) beyond its first: the interval average is at least the warm instance's page.
            Assert.That(burn.GetProperty("memoryBytes").GetDouble(), Is.GreaterThanOrEqualTo(64 * 1024));
            Assert.That(burn.GetProperty("memoryPeakBytes").GetDouble(), Is.GreaterThanOrEqualTo(33 * 64 * 1024));
        });

        async Task<Workload> Burn() =>
            (await fleet.Admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: DateTime.UtcNow.AddSeconds(5))).Workloads.Single(w => w.Name == "burn");
    }
}
