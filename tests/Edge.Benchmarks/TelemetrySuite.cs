using System.Diagnostics;
using System.Net;
using System.Text;
using Edge.Controller.Fleet;
using Edge.Controller.Hosting;
using Edge.Controller.Store;
using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Edge.Benchmarks;

/// <summary>
/// Telemetry ingest with thousands of simulated agents, each an MQTT 5
/// client on loopback publishing QoS 1 batches as the agent does. Three
/// passes over the same clients, same run: a bare broker (baseline), ingest
/// by intercepting publishes in process, ingest through a loopback
/// subscriber client. Plus bytes on the wire per node and minute at the
/// default 10 s period, against the same sample as JSON.
/// </summary>
internal static class TelemetrySuite
{
    private static readonly int Clients = int.TryParse(Environment.GetEnvironmentVariable("EDGE_BENCH_CLIENTS"), out var n) ? n : 4000;
    private const int BatchesPerClient = 10;
    private const int Workloads = 5;
    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "edge-bench-telemetry-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            return await RunInAsync(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<IReadOnlyDictionary<string, double>> RunInAsync(string dir)
    {
        var options = Options.Create(new ControllerOptions());
        using var store = new LiteDbFleetStore(Path.Combine(dir, "fleet.db"));
        var fleet = new FleetState(store, TimeProvider.System, options, NullLogger<FleetState>.Instance);
        var names = Enumerable.Range(0, Clients).Select(i => $"sim-{i:D5}").ToArray();
        foreach (var name in names)
        {
            fleet.Connect(name, new NodeFactsRecord { Arch = "arm64", Os = "linux", CpuMillicores = 4000, MemoryBytes = 4L << 30 }, 0, [], "bench");
        }

        var series = new TelemetrySeriesStore(options);
        var ingest = new TelemetryIngest(fleet, series, NullLogger<TelemetryIngest>.Instance);
        var mode = IngestMode.None;
        var port = FreePort();
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port)
            .WithDefaultCommunicationTimeout(TimeSpan.FromSeconds(60)).Build());
        server.InterceptingPublishAsync += e =>
        {
            if (mode == IngestMode.Intercept)
            {
                ingest.Ingest(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            }

            e.ProcessPublish = mode == IngestMode.Subscriber;
            if (!e.ProcessPublish)
            {
                e.Response.ReasonCode = MqttPubAckReasonCode.Success;
            }

            return Task.CompletedTask;
        };
        await server.StartAsync();

        Console.Error.WriteLine($"connecting {Clients} simulated agents to 127.0.0.1:{port} ...");
        var clients = await ConnectAllAsync(names, port);
        Console.Error.WriteLine($"{clients.Count} connected");
        var sequence = 0UL;
        byte[][] Payloads() => [.. names.Select(n => Batch(n, Interlocked.Increment(ref sequence)).ToByteArray())];

        // Warm-up, then the baseline: the broker alone, publishes acknowledged and dropped.
        await PublishRoundAsync(clients, names, Payloads);
        Console.Error.WriteLine("warmed up");
        var bare = await PublishAllAsync(clients, names, Payloads);
        Console.Error.WriteLine($"broker only: {bare:0.00} s");

        mode = IngestMode.Intercept;
        var acceptedBefore = ingest.Accepted;
        var intercepted = await PublishAllAsync(clients, names, Payloads);
        var interceptedSamples = ingest.Accepted - acceptedBefore;
        Console.Error.WriteLine($"intercepted: {intercepted:0.00} s");

        // Loopback subscriber: the broker routes to one subscriber client that ingests.
        mode = IngestMode.Subscriber;
        var subscriber = new MqttClientFactory().CreateMqttClient();
        long subscriberIngested = 0;
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            ingest.Ingest(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            Interlocked.Increment(ref subscriberIngested);
            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithClientId("bench-subscriber").Build());
        await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("edge/v1/nodes/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        var expected = (long)Clients * BatchesPerClient;
        var start = Stopwatch.GetTimestamp();
        await PublishAllAsync(clients, names, Payloads);
        while (Interlocked.Read(ref subscriberIngested) < expected && Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(10);
        }

        var subscriberSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var subscriberRate = Interlocked.Read(ref subscriberIngested) / subscriberSeconds;

        foreach (var c in clients)
        {
            c.Dispose();
        }

        subscriber.Dispose();
        await server.StopAsync(new MqttServerStopOptions());

        var sample = Batch(names[0], 1_000_000);
        var wire = WireBytesPerMinute(sample.CalculateSize(), $"edge/v1/nodes/{names[0]}/telemetry");
        var json = WireBytesPerMinute(Encoding.UTF8.GetByteCount(JsonFormatter.Default.Format(sample)), $"edge/v1/nodes/{names[0]}/telemetry");
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["clients"] = clients.Count,
            ["ingest_per_s"] = interceptedSamples / intercepted,
            ["baseline_broker_only_publish_per_s"] = expected / bare,
            ["ingest_over_broker_only_ratio"] = (interceptedSamples / intercepted) / (expected / bare),
            ["subscriber_ingest_per_s"] = subscriberRate,
            ["intercept_over_subscriber_ratio"] = (interceptedSamples / intercepted) / subscriberRate,
            ["bytes_per_node_per_min"] = wire,
            ["baseline_json_bytes_per_node_per_min"] = json,
            ["protobuf_over_json_ratio"] = wire / json,
            ["sample_payload_bytes"] = sample.CalculateSize(),
        };
    }

    /// <summary>Every client publishes its batches in order, each awaiting its PUBACK; returns the elapsed seconds.</summary>
    private static async Task<double> PublishAllAsync(IReadOnlyList<IMqttClient> clients, string[] names, Func<byte[][]> payloads)
    {
        var start = Stopwatch.GetTimestamp();
        for (var round = 0; round < BatchesPerClient; round++)
        {
            await PublishRoundAsync(clients, names, payloads);
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static async Task PublishRoundAsync(IReadOnlyList<IMqttClient> clients, string[] names, Func<byte[][]> payloads)
    {
        var batch = payloads();
        await Task.WhenAll(clients.Select((c, i) => c.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"edge/v1/nodes/{names[i]}/telemetry")
            .WithPayload(batch[i])
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build())));
    }

    private static async Task<List<IMqttClient>> ConnectAllAsync(string[] names, int port)
    {
        var factory = new MqttClientFactory();
        var clients = new List<IMqttClient>(names.Length);
        foreach (var chunk in names.Chunk(200))
        {
            var connected = await Task.WhenAll(chunk.Select(async name =>
            {
                var client = factory.CreateMqttClient();
                await client.ConnectAsync(new MqttClientOptionsBuilder()
                    .WithTcpServer("127.0.0.1", port)
                    .WithClientId($"edge-agent-{name}")
                    .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                    .WithTimeout(TimeSpan.FromSeconds(60))
                    .WithKeepAlivePeriod(TimeSpan.FromMinutes(5))
                    .Build());
                return client;
            }));
            clients.AddRange(connected);
        }

        return clients;
    }

    /// <summary>
    /// MQTT 5 bytes per minute at the default period: PUBLISH (fixed header,
    /// topic, packet id, empty properties, payload) and its 4-byte PUBACK per
    /// sample, plus 2-byte PINGREQ/PINGRESP every 30 s keep-alive.
    /// </summary>
    private static double WireBytesPerMinute(int payload, string topic)
    {
        var variable = 2 + Encoding.UTF8.GetByteCount(topic) + 2 + 1;
        var remaining = variable + payload;
        var publish = 1 + VarIntSize(remaining) + remaining;
        var perMinute = 60 / DefaultPeriod.TotalSeconds;
        return (perMinute * (publish + 4)) + (2 * (2 + 2));
    }

    private static int VarIntSize(int value) => value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;

    /// <summary>A batch of one sample as an agent sends it: node figures and five workloads.</summary>
    private static TelemetryBatch Batch(string node, ulong sequence)
    {
        var sample = new NodeSample
        {
            Sequence = sequence,
            SampledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddSeconds(1_760_000_000 + (double)sequence)),
            CpuUsageRatio = 0.4231,
            MemoryUsedBytes = 1_234_567_890,
            MemoryTotalBytes = 4_294_967_296,
            LoadAverage1M = 1.37,
            WorkloadsRunning = Workloads,
            DiskUsedBytes = 12_345_678_901,
            DiskTotalBytes = 31_914_983_424,
            NetRxBytes = 98_765_432_100,
            NetTxBytes = 12_345_678_900,
        };
        for (var w = 0; w < Workloads; w++)
        {
            sample.Workloads.Add(new WorkloadSample
            {
                Name = $"workload-{w}",
                Invocations = 1_234_567 + sequence,
                Failures = 12,
                WarmInstances = 4,
                BusyInstances = 1,
                QueuedRequests = 0,
                LatencyP50Ms = 1.7f,
                LatencyP99Ms = 12.4f,
            });
        }

        var batch = new TelemetryBatch { Node = node };
        batch.Samples.Add(sample);
        return batch;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
