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
/// client on loopback publishing QoS 1 batches as the agent does. Passes over
/// the same clients, same run: a bare broker (baseline) and ingest by
/// intercepting publishes in process (watermarks stored in LiteDB before each
/// PUBACK), with one sample a publish and with EDGE_BENCH_SAMPLES_PER_PUBLISH
/// (10); the ingest path without MQTT; ingest through a loopback subscriber
/// client. Plus bytes on the wire per node and minute at the default 10 s
/// period, against the same sample as JSON, and the series store's and the
/// parser's cost per sample with and without measured CPU, memory and guest
/// metrics (best of seven rounds). EDGE_BENCH_TELEMETRY_DATA=DIR
/// writes the plot's data.
/// </summary>
internal static class TelemetrySuite
{
    private static readonly int Clients = int.TryParse(Environment.GetEnvironmentVariable("EDGE_BENCH_CLIENTS"), out var n) ? n : 4000;
    private static readonly int SamplesPerPublish = int.TryParse(Environment.GetEnvironmentVariable("EDGE_BENCH_SAMPLES_PER_PUBLISH"), out var k) ? k : 10;
    private const int BatchesPerClient = 10;
    private const int Workloads = 5;
    private const int Rounds = 7;
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
        var topics = names.Select(n => $"edge/v1/nodes/{n}/telemetry").ToArray();
        foreach (var name in names)
        {
            fleet.Connect(name, new NodeFactsRecord { Arch = "arm64", Os = "linux", CpuMillicores = 4000, MemoryBytes = 4L << 30 }, 0, [], "bench");
        }

        // The sample's workloads run on every node, so that their figures are attributed to it.
        for (var w = 0; w < Workloads; w++)
        {
            fleet.ApplyWorkload(new WorkloadRecord { Id = $"workload-{w}", ModuleDigest = "sha256:" + new string((char)('a' + w), 64), ModuleSizeBytes = 1 });
        }

        var series = new TelemetrySeriesStore(options);
        using var watermarks = new TelemetryWatermarks(Path.Combine(dir, "telemetry.db"), TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance);
        var acks = new TelemetryAcknowledgements();
        await using var ingest = new TelemetryIngest(fleet, series, watermarks, NullLogger<TelemetryIngest>.Instance, acks);
        var mode = IngestMode.None;
        var port = FreePort();
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port)
            .WithDefaultCommunicationTimeout(TimeSpan.FromSeconds(60))
            .WithMaxPendingMessagesPerClient(Clients * BatchesPerClient * 2) // the subscriber's queue must not drop
            .Build());
        server.InterceptingPublishAsync += async e =>
        {
            // As EmbeddedBroker does: the PUBACK waits for the watermark commit.
            if (mode == IngestMode.Intercept)
            {
                await ingest.IngestAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            }

            e.ProcessPublish = mode == IngestMode.Subscriber;
            if (!e.ProcessPublish)
            {
                e.Response.ReasonCode = MqttPubAckReasonCode.Success;
            }
        };
        await server.StartAsync();

        Console.Error.WriteLine($"connecting {Clients} simulated agents to 127.0.0.1:{port} ...");
        var clients = await ConnectAllAsync(names, port);
        Console.Error.WriteLine($"{clients.Count} connected");
        // Per node, sequences from 1 and samples 10 s apart, as agents produce them.
        var sequences = new ulong[names.Length];
        Func<byte[][]> Payloads(int samples) => () => [.. names.Select((n, i) =>
        {
            var first = sequences[i] + 1;
            sequences[i] += (ulong)samples;
            return Batch(n, first, samples).ToByteArray();
        })];
        var expected = (long)Clients * BatchesPerClient;

        // Warm-up, then each pass twice: one sample per publish (an agent keeping up), and
        // SamplesPerPublish (an agent draining its outbox after an outage: the load that needs throughput).
        await PublishRoundAsync(clients, topics, Payloads(1));
        Console.Error.WriteLine("warmed up");
        var figures = new Dictionary<string, double>(StringComparer.Ordinal) { ["clients"] = clients.Count, ["samples_per_publish"] = SamplesPerPublish };
        foreach (var (samples, suffix) in new[] { (1, "_single_sample"), (SamplesPerPublish, "") })
        {
            mode = IngestMode.None;
            Console.Error.WriteLine($"broker alone, {samples} sample(s) a publish ...");
            var bareCost = ProcessCost.Start();
            var bare = await PublishAllAsync(clients, topics, Payloads(samples));
            bareCost.Stop(figures, $"broker_only{suffix}", expected);
            mode = IngestMode.Intercept;
            var (acceptedBefore, commitsBefore, commitTimeBefore) = (ingest.Accepted, ingest.Commits, ingest.CommitTime);
            Console.Error.WriteLine($"intercepted, {samples} sample(s) a publish ...");
            var ingestCost = ProcessCost.Start();
            var intercepted = await PublishAllAsync(clients, topics, Payloads(samples));
            ingestCost.Stop(figures, $"ingest{suffix}", expected);
            var ingested = (ingest.Accepted - acceptedBefore) / intercepted;
            var brokerOnly = expected * samples / bare;
            Console.Error.WriteLine($"{samples} sample(s) a publish: broker only {bare:0.00} s, intercepted {intercepted:0.00} s, " +
                $"{ingest.Commits - commitsBefore} watermark commits taking {(ingest.CommitTime - commitTimeBefore).TotalSeconds:0.00} s");
            figures[$"ingest{suffix}_per_s"] = ingested;
            figures[$"baseline_broker_only{suffix}_samples_per_s"] = brokerOnly;
            figures[$"ingest_over_broker_only{suffix}_ratio"] = ingested / brokerOnly;
            figures[$"watermark_commits{suffix}"] = ingest.Commits - commitsBefore;
            figures[$"watermark_commit_seconds{suffix}"] = (ingest.CommitTime - commitTimeBefore).TotalSeconds;
        }

        // The acknowledgement path on: every simulated agent also holds a gRPC Connect stream on which the
        // controller's writer sends its committed watermark; the clock runs from the first publish until every
        // agent has been told a watermark covering its last sample. Beside it, the broker alone, same clients.
        await using (var streams = await TelemetryAckStreams.OpenAsync(acks, names, FreePort()))
        {
            mode = IngestMode.None;
            var bare = await PublishAllAsync(clients, topics, Payloads(1));
            mode = IngestMode.Intercept;
            var (acceptedBefore, receivedBefore) = (ingest.Accepted, streams.Received);
            var cost = ProcessCost.Start();
            var start = Stopwatch.GetTimestamp();
            await PublishAllAsync(clients, topics, Payloads(1));
            await streams.WaitCoveredAsync(sequences, TimeSpan.FromMinutes(5));
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            cost.Stop(figures, "ingest_acknowledged_single_sample", expected);
            var acknowledged = (ingest.Accepted - acceptedBefore) / seconds;
            Console.Error.WriteLine($"1 sample a publish, acknowledged on {names.Length} gRPC streams: broker only {bare:0.00} s, " +
                $"published, ingested and acknowledged {seconds:0.00} s, {streams.Received - receivedBefore} acknowledgements");
            figures["ingest_acknowledged_single_sample_per_s"] = acknowledged;
            figures["baseline_broker_only_beside_acknowledged_samples_per_s"] = expected / bare;
            figures["ingest_acknowledged_over_broker_only_single_sample_ratio"] = acknowledged / (expected / bare);
            figures["acknowledgements_sent_single_sample"] = streams.Received - receivedBefore;
        }

        // The same publishes over MQTT/TLS with node client certificates: the TLS listener alone, then the controller's broker in mtls mode.
        await TelemetryTlsPass.MeasureAsync(figures, dir, fleet, ingest, names, topics, Payloads, SamplesPerPublish, BatchesPerClient);

        // The ingest path alone, no MQTT: the same batches handed to it straight, all clients at once.
        {
            var acceptedBefore = ingest.Accepted;
            var start = Stopwatch.GetTimestamp();
            for (var round = 0; round < BatchesPerClient; round++)
            {
                var batch = Payloads(SamplesPerPublish)();
                await Task.WhenAll(batch.Select((p, i) => ingest.IngestAsync(topics[i], new System.Buffers.ReadOnlySequence<byte>(p))));
            }

            figures["ingest_without_mqtt_per_s"] = (ingest.Accepted - acceptedBefore) / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Profile(figures, names, Payloads(SamplesPerPublish)(), series, fleet);
        SeriesCost(figures, names, options);

        // Loopback subscriber: the broker routes to one subscriber client that ingests and
        // acknowledges each message once stored, as ExternalBrokerIngest does.
        mode = IngestMode.Subscriber;
        var subscriber = new MqttClientFactory().CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            e.AutoAcknowledge = false;
            var done = ingest.IngestAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            _ = done.ContinueWith(_ => e.AcknowledgeAsync(CancellationToken.None), TaskScheduler.Default).Unwrap();
            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithClientId("bench-subscriber").Build());
        await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("edge/v1/nodes/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        {
            var acceptedBefore = ingest.Accepted;
            var target = acceptedBefore + (expected * SamplesPerPublish);
            var start = Stopwatch.GetTimestamp();
            await PublishAllAsync(clients, topics, Payloads(SamplesPerPublish));
            while (ingest.Accepted < target && Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(5);
            }

            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            figures["subscriber_ingest_per_s"] = (ingest.Accepted - acceptedBefore) / seconds;
            figures["subscriber_samples_missing"] = target - ingest.Accepted;
            figures["intercept_over_subscriber_ratio"] = figures["ingest_per_s"] / figures["subscriber_ingest_per_s"];
        }

        foreach (var c in clients)
        {
            c.Dispose();
        }

        subscriber.Dispose();
        await server.StopAsync(new MqttServerStopOptions());

        var sample = Batch(names[0], 1_000_000, 1);
        sample.Stream = ulong.MaxValue;
        var wire = WireBytesPerMinute(sample.CalculateSize(), $"edge/v1/nodes/{names[0]}/telemetry");
        var json = WireBytesPerMinute(Encoding.UTF8.GetByteCount(JsonFormatter.Default.Format(sample)), $"edge/v1/nodes/{names[0]}/telemetry");
        figures["duplicates_counted"] = ingest.Duplicates;
        figures["bytes_per_node_per_min"] = wire;
        figures["baseline_json_bytes_per_node_per_min"] = json;
        figures["protobuf_over_json_ratio"] = wire / json;
        figures["sample_payload_bytes"] = sample.CalculateSize();

        // The same sample from an agent that measures each workload's CPU time and memory
        // (no guest metrics): what a current agent sends for five busy workloads.
        foreach (var w in sample.Samples.SelectMany(s => s.Workloads))
        {
            WithUsage(w, 1_000_000);
        }

        figures["bytes_per_node_per_min_with_usage"] = WireBytesPerMinute(sample.CalculateSize(), $"edge/v1/nodes/{names[0]}/telemetry");
        figures["sample_payload_bytes_with_usage"] = sample.CalculateSize();
        WritePlotData(figures);
        return figures;
    }

    /// <summary>With EDGE_BENCH_TELEMETRY_DATA=DIR, the figures docs/benchmarks/telemetry.gp plots.</summary>
    private static void WritePlotData(Dictionary<string, double> f)
    {
        var dir = Environment.GetEnvironmentVariable("EDGE_BENCH_TELEMETRY_DATA");
        if (string.IsNullOrEmpty(dir))
        {
            return;
        }

        Directory.CreateDirectory(dir);
        static string Line(string label, double value) => $"\"{label}\" {value.ToString("0", System.Globalization.CultureInfo.InvariantCulture)}";
        File.WriteAllLines(Path.Combine(dir, "telemetry-rates.dat"),
        [
            Line("broker only, 1/publish", f["baseline_broker_only_single_sample_samples_per_s"]),
            Line("ingest, 1/publish", f["ingest_single_sample_per_s"]),
            Line($"broker only, {SamplesPerPublish}/publish", f["baseline_broker_only_samples_per_s"]),
            Line($"ingest, {SamplesPerPublish}/publish", f["ingest_per_s"]),
            Line($"subscriber, {SamplesPerPublish}/publish", f["subscriber_ingest_per_s"]),
        ]);
        File.WriteAllLines(Path.Combine(dir, "telemetry-bytes.dat"),
        [
            Line("Edge protobuf", f["bytes_per_node_per_min"]),
            Line("with CPU, memory", f["bytes_per_node_per_min_with_usage"]),
            Line("same as JSON", f["baseline_json_bytes_per_node_per_min"]),
            Line("KubeEdge ctrl", 1946),
        ]);
    }

    /// <summary>
    /// Where an ingested sample's time goes, one thread, no MQTT: parsing the
    /// batch, the series (rates, raw points, rollups), the fleet's last value.
    /// </summary>
    private static void Profile(Dictionary<string, double> figures, string[] names, byte[][] payloads, TelemetrySeriesStore series, FleetState fleet)
    {
        var start = Stopwatch.GetTimestamp();
        var batches = payloads.Select(p => TelemetryBatch.Parser.ParseFrom(p)).ToList();
        var parse = Stopwatch.GetElapsedTime(start);
        var samples = batches.Sum(b => b.Samples.Count);
        start = Stopwatch.GetTimestamp();
        for (var i = 0; i < batches.Count; i++)
        {
            var nodeSeries = series.For(names[i]);
            foreach (var s in batches[i].Samples)
            {
                nodeSeries.Record(TelemetryIngest.ToIngested(s, s.SampledAt.ToDateTimeOffset()));
            }
        }

        var record = Stopwatch.GetElapsedTime(start);
        start = Stopwatch.GetTimestamp();
        for (var i = 0; i < batches.Count; i++)
        {
            var s = batches[i].Samples[^1];
            fleet.RecordTelemetry(names[i], new NodeTelemetrySample(s.Sequence, s.SampledAt.ToDateTimeOffset(), s.CpuUsageRatio, s.MemoryUsedBytes, s.MemoryTotalBytes, s.LoadAverage1M, s.WorkloadsRunning));
        }

        var last = Stopwatch.GetElapsedTime(start);
        figures["profile_parse_us_per_sample"] = parse.TotalMicroseconds / samples;
        figures["profile_series_us_per_sample"] = record.TotalMicroseconds / samples;
        figures["profile_fleet_last_value_us_per_batch"] = last.TotalMicroseconds / batches.Count;
    }

    /// <summary>
    /// The series store alone, best of seven rounds into fresh stores (a round the shared machine
    /// slowed does not count): today's samples, and the same samples from an agent that also
    /// measures CPU time and memory and carries two guest metrics per workload; the parser the same.
    /// </summary>
    private static void SeriesCost(Dictionary<string, double> figures, string[] names, IOptions<ControllerOptions> options)
    {
        var plain = names.Select(n => Batch(n, 1, SamplesPerPublish)).ToList();
        var measured = names.Select(n => Batch(n, 1, SamplesPerPublish)).ToList();
        foreach (var batch in measured)
        {
            foreach (var s in batch.Samples)
            {
                foreach (var w in s.Workloads)
                {
                    WithUsage(w, s.Sequence);
                    w.Custom["requests"] = 10 * s.Sequence;
                    w.Custom["bytes_in"] = 4096 * s.Sequence;
                }
            }
        }

        var samples = plain.Sum(b => b.Samples.Count);
        var plainBytes = plain.Select(b => b.ToByteArray()).ToList();
        var measuredBytes = measured.Select(b => b.ToByteArray()).ToList();
        double seriesPlain = double.MaxValue, seriesMeasured = double.MaxValue, parsePlain = double.MaxValue, parseMeasured = double.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            // Interleaved, each after a full collection: neither shape gets the warmer or quieter rounds.
            seriesPlain = Math.Min(seriesPlain, Record(plain));
            seriesMeasured = Math.Min(seriesMeasured, Record(measured));
            parsePlain = Math.Min(parsePlain, Parse(plainBytes));
            parseMeasured = Math.Min(parseMeasured, Parse(measuredBytes));
        }

        figures["series_best_us_per_sample"] = seriesPlain / samples;
        figures["series_measured_best_us_per_sample"] = seriesMeasured / samples;
        figures["series_measured_over_plain_ratio"] = seriesMeasured / seriesPlain;
        figures["parse_best_us_per_sample"] = parsePlain / samples;
        figures["parse_measured_best_us_per_sample"] = parseMeasured / samples;
        figures["parse_measured_over_plain_ratio"] = parseMeasured / parsePlain;
        figures["measured_sample_payload_bytes"] = measured[0].Samples[0].CalculateSize();

        double Record(List<TelemetryBatch> batches)
        {
            var store = new TelemetrySeriesStore(options);
            GC.Collect();
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < batches.Count; i++)
            {
                var nodeSeries = store.For(names[i]);
                foreach (var s in batches[i].Samples)
                {
                    nodeSeries.Record(TelemetryIngest.ToIngested(s, s.SampledAt.ToDateTimeOffset()));
                }
            }

            return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        static double Parse(List<byte[]> payloads)
        {
            GC.Collect();
            var start = Stopwatch.GetTimestamp();
            foreach (var p in payloads)
            {
                _ = TelemetryBatch.Parser.ParseFrom(p);
            }

            return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
    }

    /// <summary>Every client publishes its batches in order, each awaiting its PUBACK; returns the elapsed seconds.</summary>
    private static async Task<double> PublishAllAsync(IReadOnlyList<IMqttClient> clients, string[] topics, Func<byte[][]> payloads)
    {
        var start = Stopwatch.GetTimestamp();
        for (var round = 0; round < BatchesPerClient; round++)
        {
            await PublishRoundAsync(clients, topics, payloads);
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static async Task PublishRoundAsync(IReadOnlyList<IMqttClient> clients, string[] topics, Func<byte[][]> payloads)
    {
        var batch = payloads();
        await Task.WhenAll(clients.Select((c, i) => c.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topics[i])
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

    /// <summary>A batch as an agent sends it: samples with node figures and five workloads each.</summary>
    private static TelemetryBatch Batch(string node, ulong first, int samples)
    {
        var batch = new TelemetryBatch { Node = node, Stream = 1 };
        for (var i = 0; i < samples; i++)
        {
            batch.Samples.Add(Sample(first + (ulong)i));
        }

        return batch;
    }

    private static NodeSample Sample(ulong sequence)
    {
        var sample = new NodeSample
        {
            Sequence = sequence,
            SampledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddSeconds(1_760_000_000 + (10 * (double)sequence))),
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

        return sample;
    }

    /// <summary>A workload's measured usage: 50 ms of CPU a sample (5 % of a core at 10 s), 3 MiB held on average, 4 MiB at peak.</summary>
    private static void WithUsage(WorkloadSample w, ulong sequence)
    {
        w.CpuTimeUs = 50_000 * sequence;
        w.MemoryBytes = 3_145_728;
        w.MemoryPeakBytes = 4_194_304;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
