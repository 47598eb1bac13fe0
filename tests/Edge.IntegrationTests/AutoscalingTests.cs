using System.Globalization;
using System.Text.Json;
using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>
/// The workload autoscaler with real processes: a controller with a short sync period, two
/// agents serving an HTTP-triggered workload, and edgectl. Load on /w/echo raises the
/// invocations/s per replica above target and the workload scales up; when the load stops it
/// scales back down after the (shortened) scale-down window. And samples/burn (each request spins
/// tens of milliseconds of CPU and grows its instance by 2 MiB) scales on the CPU time the agents
/// measure on their threads, taken as measured, not estimated.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class AutoscalingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(40);

    [Test]
    public async Task Autoscaler_HttpLoadThenQuiet_ScalesUpByInvocationsThenDownAfterTheWindow()
    {
        using var fleet = new LocalFleet();
        var ports = await StartAsync(fleet);
        var manifest = Path.Combine(fleet.Dir, "echo-hpa.yaml");
        await File.WriteAllTextAsync(manifest, $$"""
            apiVersion: edge/v1
            kind: Workload
            metadata: {name: echo}
            spec:
              module: {{Repo.Sample("echo/echo.wat")}}
              replicas: 1
              resources: {cpu: 100m, memory: 16Mi}
              triggers: [{kind: http}]
            ---
            apiVersion: edge/v1
            kind: WorkloadAutoscaler
            metadata: {name: echo}
            spec:
              workload: echo
              minReplicas: 1
              maxReplicas: 4
              metrics: [{type: Pods, name: invocations_per_s, averageValue: 5}]
              behavior:
                scaleDown: {stabilizationWindowSeconds: 3, policies: [{type: Percent, value: 100, periodSeconds: 1}]}
            """);

        var (code, output) = await fleet.EdgectlAsync("apply", "-f", manifest);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("workloadautoscaler/echo configured"));
        await Eventually.Until(Echo, w => w.ReplicasRunning == 1, Bound, "one echo replica running");

        using var load = new CancellationTokenSource();
        // About 50 requests/s over the nodes (10 times the per-replica target of 5).
        var loadTask = LoadAsync(ports, "echo", "load", TimeSpan.FromMilliseconds(20), load.Token);
        try
        {
            await Eventually.Until(Echo, w => w.ReplicasDesired == 4, Bound, "echo scaled up to maxReplicas 4 by invocations/s");
            var (getCode, table) = await fleet.EdgectlAsync("get", "hpa");
            await TestContext.Out.WriteLineAsync($"edgectl get hpa:\n{table}");
            Assert.That(getCode, Is.Zero, table);
            Assert.That(table, Does.Contain("Workload/echo").And.Contain("invocations_per_s: ").And.Contain("/5"));

            // A manual scale under load: edgectl warns, and the autoscaler sets its count again (the HPA wins).
            var (scaleCode, scaled) = await fleet.EdgectlAsync("scale", "workload", "echo", "--replicas", "1");
            Assert.That(scaleCode, Is.Zero, scaled);
            Assert.That(scaled, Does.Contain("warning: workload echo is autoscaled by workloadautoscaler/echo (1-4 replicas)"));
            await Eventually.Until(Echo, w => w.ReplicasDesired > 1, Bound, "the autoscaler scales echo up again after the manual scale to 1");
        }
        finally
        {
            await load.CancelAsync();
            await loadTask;
        }

        await Eventually.Until(Echo, w => w.ReplicasDesired == 1, Bound, "echo scaled back down to minReplicas 1 after the 3 s window");
        var (explainCode, explanation) = await fleet.EdgectlAsync("explain", "autoscaler", "echo");
        var (jsonCode, json) = await fleet.EdgectlAsync("get", "autoscalers", "-o", "json");
        var metrics = await fleet.ControllerMetricsAsync();
        await TestContext.Out.WriteLineAsync($"edgectl explain autoscaler echo:\n{explanation}");

        Assert.Multiple(() =>
        {
            Assert.That(explainCode, Is.Zero, explanation);
            Assert.That(explanation, Does.Contain("Workload/echo between 1 and 4"));
            Assert.That(explanation, Does.Contain("SuccessfulRescale: New size: 1"));
            Assert.That(explanation, Does.Match(@"-> 4\b"));
            Assert.That(jsonCode, Is.Zero, json);
            Assert.That(json, Does.Contain("\"workload\": \"echo\"").And.Contain("\"maxReplicas\": 4"));
            Assert.That(LabelledFigure(metrics, "edge_autoscaler_rescales_total{direction=\"up\"}"), Is.GreaterThanOrEqualTo(1));
            Assert.That(LabelledFigure(metrics, "edge_autoscaler_rescales_total{direction=\"down\"}"), Is.GreaterThanOrEqualTo(1));
        });

        Task<Workload> Echo() => fleet.WorkloadAsync("echo");
    }

    [Test]
    public async Task BurnLoad_CpuMeasuredByTheAgents_ScalesUpAndTopShowsCpuAndMemory()
    {
        using var fleet = new LocalFleet();
        var ports = await StartAsync(fleet);
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
        // Ten requests a second to each node: a node without burn answers 404 and spends nothing.
        var loadTask = LoadAsync(ports, "burn", "", TimeSpan.FromMilliseconds(50), load.Token);

        string top;
        string explanation;
        try
        {
            await Eventually.Until(Burn, w => w.ReplicasDesired > 1, Bound, "burn scaled up on measured CPU");
            (_, explanation) = await fleet.EdgectlAsync("explain", "autoscaler", "burn");
            // top shows the last telemetry interval: a replica that just started has not measured a request yet.
            top = await Eventually.Until(TopAsync, t => Measured(t) is (> 0, >= 33 * 64 * 1024), Bound, "top workloads shows burn's measured CPU and peak memory");
        }
        finally
        {
            await load.CancelAsync();
        }

        var answered = await loadTask;
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

        Task<Workload> Burn() => fleet.WorkloadAsync("burn");

        async Task<string> TopAsync()
        {
            var (topCode, table) = await fleet.EdgectlAsync("top", "workloads", "-o", "json");
            Assert.That(topCode, Is.Zero, table);
            return table;
        }

        static (double Cpu, double Peak) Measured(string table)
        {
            var item = JsonDocument.Parse(table).RootElement.GetProperty("items").EnumerateArray().Single(w => w.GetProperty("name").GetString() == "burn");
            return (item.GetProperty("cpuMillicores").GetDouble(), item.GetProperty("memoryPeakBytes").GetDouble());
        }
    }

    /// <summary>
    /// Posts <paramref name="body"/> to the workload's HTTP trigger on the nodes in turn, one request a
    /// period, until cancelled; the number answered with success. A node without the workload answers
    /// 404 and one restarting its listener refuses: the load goes on.
    /// </summary>
    private static async Task<int> LoadAsync(int[] ports, string workload, string body, TimeSpan every, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var pace = new PeriodicTimer(every);
        var (sent, answered) = (0, 0);
        try
        {
            while (await pace.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    using var response = await http.PostAsync($"http://127.0.0.1:{ports[sent++ % ports.Length]}/w/{workload}", new StringContent(body), cancellationToken);
                    answered += response.IsSuccessStatusCode ? 1 : 0;
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // refused, or one request past the client's timeout: the next tick tries again
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the test is done with the load
        }

        return answered;
    }

    /// <summary>A controller with a 1 s sync period and a 3 s metric window, and two agents serving HTTP triggers; their trigger ports.</summary>
    private static async Task<int[]> StartAsync(LocalFleet fleet)
    {
        await fleet.StartControllerAsync("--Controller:Autoscaling:SyncPeriod=00:00:01", "--Controller:Autoscaling:MetricWindow=00:00:03");
        var ports = new[] { Ports.Free(), Ports.Free() };
        fleet.StartAgent("node-1", null, "--set", $"Agent:TriggerListen=http://127.0.0.1:{ports[0]}");
        fleet.StartAgent("node-2", null, "--set", $"Agent:TriggerListen=http://127.0.0.1:{ports[1]}");
        await Eventually.Until(fleet.NodesAsync, n => n.Count == 2 && n.All(x => x.Condition == NodeCondition.Ready), Bound, "two nodes ready");
        return ports;
    }

    private static double LabelledFigure(string metrics, string series) =>
        metrics.Split('\n').Where(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(series.Length + 1)..], CultureInfo.InvariantCulture)).Single();
}
