using System.Diagnostics;
using Edge.FleetSim;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.IntegrationTests;

/// <summary>
/// A workload's measured CPU time, memory and guest metrics through the real controller process
/// and its embedded MQTT broker: two simulated nodes run the workload (their own telemetry is
/// kept out of the way with a one-day period) and the test publishes TelemetryBatch protobufs
/// for the node that runs it, as an agent that measures them would. The autoscaler scales on
/// memory utilisation by the HPA formula, and edgectl top shows the figures.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class MeasuredMetricsTests
{
    private const long Mi = 1L << 20;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(40);

    [Test]
    public async Task MemoryAboveTarget_AutoscalerScalesByTheHpaFormula_TopShowsCpuAndMemory()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync("--Controller:Autoscaling:SyncPeriod=00:00:01", "--Controller:Autoscaling:MetricWindow=00:00:05");
        await using var sim = new SimFleet(new SimSettings
        {
            Controller = new Uri(fleet.ControllerUrl),
            HeartbeatPeriod = TimeSpan.FromMilliseconds(300),
            TelemetryPeriod = TimeSpan.FromDays(1),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
            WelcomeTimeout = TimeSpan.FromSeconds(2),
            RampPerSecond = 1000,
        }, TimeProvider.System);
        await sim.AddAsync(0, 2, CancellationToken.None);
        await Eventually.Until(fleet.NodesAsync, ns => ns.Count(n => n.Condition == NodeCondition.Ready) == 2, Bound, "two simulated nodes Ready");
        var manifest = Path.Combine(fleet.Dir, "mem.yaml");
        await File.WriteAllTextAsync(manifest, $$"""
            apiVersion: edge/v1
            kind: Workload
            metadata: {name: mem}
            spec:
              module: {{Repo.Sample("hello/hello.wat")}}
              replicas: 1
              resources: {cpu: 100m, memory: 16Mi}
            """);
        var (applyCode, applied) = await fleet.EdgectlAsync("apply", "-f", manifest);
        Assert.That(applyCode, Is.Zero, applied);
        await Eventually.Until(Mem, w => w.ReplicasRunning == 1, Bound, "one mem replica running");
        var node = (await fleet.NodesAsync()).Single(n => n.Workloads.Any(w => w.Name == "mem")).Name;

        var (scaleCode, scaled) = await fleet.EdgectlAsync("autoscale", "workload", "mem", "--min", "1", "--max", "4", "--memory-percent", "50");
        Assert.That(scaleCode, Is.Zero, scaled);

        // 12 MiB of linear memory against a 16 MiB reservation is 75%; against the 50% target the
        // ratio is 1.5, so the HPA wants ceil(1.5 x 1 replica) = 2. CPU: 50 ms per second = 50m.
        using var publishing = new CancellationTokenSource();
        var publisher = PublishAsync(fleet.MqttPort, node, 12 * Mi, publishing.Token);
        Workload scaledUp;
        string top, topJson, explanation;
        QuerySeriesResponse guest;
        try
        {
            scaledUp = await Eventually.Until(Mem, w => w.ReplicasDesired > 1, Bound, "the autoscaler scales mem up on memory");
            await Eventually.Until(async () => (await fleet.EdgectlAsync("top", "workloads")).Output, t => t.Contains("50m", StringComparison.Ordinal), Bound, "top shows mem's CPU");
            (_, top) = await fleet.EdgectlAsync("top", "workloads");
            (_, topJson) = await fleet.EdgectlAsync("top", "workloads", "-o", "json");
            (_, explanation) = await fleet.EdgectlAsync("explain", "autoscaler", "mem");
            guest = await fleet.Admin.QuerySeriesAsync(
                new QuerySeriesRequest { Node = node, Workload = "mem", Metrics = { "guest:requests" } }, deadline: LocalFleet.Deadline());
        }
        finally
        {
            await publishing.CancelAsync();
            await publisher.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await TestContext.Out.WriteLineAsync($"edgectl top workloads:\n{top}\nedgectl explain autoscaler mem:\n{explanation}");
        var row = TableRow(top, "mem");
        Assert.Multiple(() =>
        {
            Assert.That(scaledUp.ReplicasDesired, Is.EqualTo(2), "ceil(1.5 x 1)");
            Assert.That(publisher.IsFaulted, Is.False, publisher.Exception?.ToString());
            Assert.That(row[..4], Is.EqualTo(new[] { "mem", "1", "50m", "12Mi" }));
            Assert.That(topJson, Does.Contain("\"memoryBytes\": 12582912").And.Contain("\"nodesMeasured\": 1"));
            Assert.That(explanation, Does.Contain("memory measured on 1 of 1 node(s)"));
            Assert.That(explanation, Does.Contain("ceil(1.5 × 1) = 2"));
            Assert.That(guest.Series.Single().Points.Select(p => p.Value), Is.Not.Empty.And.All.EqualTo(10).Within(1e-6), "10 requests per second");
        });

        Task<Workload> Mem() => fleet.WorkloadAsync("mem");
    }

    /// <summary>
    /// Every 300 ms a sample for <paramref name="node"/> with "mem" at <paramref name="memory"/>
    /// bytes, a CPU time and a guest "requests" counter that grow with the time elapsed (50 ms of
    /// CPU and 10 requests per second), whatever the publishing jitter.
    /// </summary>
    private static async Task PublishAsync(int port, string node, long memory, CancellationToken ct)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithClientId($"test-{node}").Build(), ct);
        var started = Stopwatch.GetTimestamp();
        var startedAt = DateTime.UtcNow;
        var stream = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(300));
        for (ulong sequence = 1; await pace.WaitForNextTickAsync(ct); sequence++)
        {
            // Whole milliseconds (the series' resolution), the sample time and the counters on one clock: exact rates.
            var elapsed = TimeSpan.FromMilliseconds(Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            var workload = new WorkloadSample
            {
                Name = "mem",
                Invocations = sequence,
                LatencyP50Ms = 1,
                WarmInstances = 1,
                CpuTimeUs = (ulong)(elapsed.TotalMicroseconds * 0.05),
                MemoryBytes = memory,
                MemoryPeakBytes = memory + Mi,
            };
            workload.Custom["requests"] = Math.Round(elapsed.TotalSeconds * 10, 6);
            var sample = new NodeSample { Sequence = sequence, SampledAt = Timestamp.FromDateTime(startedAt + elapsed), WorkloadsRunning = 1, CpuUsageRatio = 0.1 };
            sample.Workloads.Add(workload);
            var batch = new TelemetryBatch { Node = node, Stream = stream, Samples = { sample } };
            var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic($"edge/v1/nodes/{node}/telemetry")
                .WithPayload(batch.ToByteArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(), ct);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"the broker refused the telemetry: {result.ReasonCode} {result.ReasonString}");
            }
        }
    }

    private static string[] TableRow(string table, string name) =>
        table.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Split(l.Trim(), " {2,}")).Single(c => c[0] == name);
}
