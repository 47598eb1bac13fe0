using System.Collections.Concurrent;
using Backoff = Edge.Agent.Core.Backoff;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Edge.FleetSim;

/// <summary>
/// One simulated agent: its own Connect stream (hello, heartbeats, status
/// reports, desired states applied when newer, reconnect with backoff) and its
/// own MQTT 5 session publishing a telemetry batch every period, QoS 1, on
/// edge/v1/nodes/{node}/telemetry. Workloads "run" as bookkeeping: a desired
/// workload is Running once its module is fetched; one held cold (a replicated
/// workload at 0 replicas) is reported Running with cold = true and not counted
/// as started, and its spec turning warm starts it. Stopping it is a hard stop
/// (no goodbye on either link), as when a device loses power; its applied
/// state survives for the next start, as the agent's LiteDB does.
/// </summary>
internal sealed class SimNode(int index, SimContext context) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimWorkload> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _startedEver = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _runningReportedAt = new(StringComparer.Ordinal);
    private long _appliedVersion;
    private ulong _sequence;
    private long _heartbeatTicks = context.Settings.HeartbeatPeriod.Ticks;
    private volatile string _advertisedMqtt = "";
    private volatile bool _welcomed;
    private volatile bool _mqttConnected;
    private CancellationTokenSource? _life;
    private Task _loops = Task.CompletedTask;
    private long _sessions;
    private long _sessionFailures;
    private long _published;
    private long _publishFailures;
    private long _starts;
    private long _duplicateStarts;
    private volatile string _lastError = "";

    public int Index => index;

    public string Name { get; } = context.Settings.NodeName(index);

    public bool IsStarted => _life is not null;

    public bool Welcomed => _welcomed;

    public bool MqttConnected => _mqttConnected;

    public long Sessions => Interlocked.Read(ref _sessions);

    public long SessionFailures => Interlocked.Read(ref _sessionFailures);

    public long Published => Interlocked.Read(ref _published);

    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    public long Starts => Interlocked.Read(ref _starts);

    /// <summary>Starts of a workload spec this node had started before: a reconcile that ran the same thing twice.</summary>
    public long DuplicateStarts => Interlocked.Read(ref _duplicateStarts);

    public string LastError => _lastError;

    public long AppliedVersion => Interlocked.Read(ref _appliedVersion);

    /// <summary>When this node told the controller that the workload runs with its current spec (Unix ms), if it has.</summary>
    public long? RunningReportedAt(string workload)
    {
        lock (_gate)
        {
            return _running.TryGetValue(workload, out var w) && _runningReportedAt.TryGetValue(w.SpecKey, out var at) ? at : null;
        }
    }

    public IReadOnlyList<SimWorkload> Workloads()
    {
        lock (_gate)
        {
            return [.. _running.Values];
        }
    }

    public void Start()
    {
        if (_life is not null)
        {
            return;
        }

        _life = new CancellationTokenSource();
        var ct = _life.Token;
        _loops = Task.WhenAll(Task.Run(() => ConnectLoopAsync(ct), ct), Task.Run(() => TelemetryLoopAsync(ct), ct));
    }

    /// <summary>Hard stop: the stream and the MQTT socket just go, as when a device loses power.</summary>
    public async Task StopAsync()
    {
        if (_life is not { } life)
        {
            return;
        }

        await life.CancelAsync();
        try
        {
            await _loops;
        }
        catch (OperationCanceledException)
        {
        }

        life.Dispose();
        _life = null;
        _welcomed = false;
        _mqttConnected = false;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task ConnectLoopAsync(CancellationToken ct)
    {
        var attempt = 0;
        while (!ct.IsCancellationRequested)
        {
            var welcomed = false;
            try
            {
                welcomed = await RunSessionAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _sessionFailures);
                _lastError = ex is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : ex.GetBaseException().Message;
                welcomed = _welcomed;
            }

            _welcomed = false;
            attempt = welcomed ? 0 : attempt + 1;
            var delay = Backoff.Delay(attempt, context.Settings.ReconnectMinDelay, context.Settings.ReconnectMaxDelay, Random.Shared.NextDouble());
            try
            {
                await Task.Delay(delay, context.Time, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One Connect stream, until either side ends it; true when the controller welcomed it.</summary>
    private async Task<bool> RunSessionAsync(CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var call = context.Agents.Connect(cancellationToken: cts.Token);
        using var writes = new SemaphoreSlim(1);
        async Task WriteAsync(AgentMessage message, CancellationToken ct)
        {
            await writes.WaitAsync(ct);
            try
            {
                await call.RequestStream.WriteAsync(message, ct);
            }
            finally
            {
                writes.Release();
            }
        }

        await WriteAsync(new AgentMessage { Hello = Hello() }, cts.Token);
        var reading = ReadAsync(call.ResponseStream, WriteAsync, cts.Token);
        var beating = HeartbeatAsync(WriteAsync, cts.Token);
        var waiting = WelcomeWithinAsync(cts.Token);
        var first = await Task.WhenAny(reading, beating, waiting);
        await cts.CancelAsync();
        await Task.WhenAll(
            reading.ContinueWith(_ => { }, TaskScheduler.Default),
            beating.ContinueWith(_ => { }, TaskScheduler.Default),
            waiting.ContinueWith(_ => { }, TaskScheduler.Default));
        var welcomed = _welcomed;
        await first;
        return welcomed;
    }

    /// <summary>Fails the session when no Welcome came in time; otherwise waits for the session's end.</summary>
    private async Task WelcomeWithinAsync(CancellationToken ct)
    {
        await Task.Delay(context.Settings.WelcomeTimeout, context.Time, ct);
        if (!_welcomed)
        {
            throw new TimeoutException($"no Welcome within {context.Settings.WelcomeTimeout.TotalSeconds:0.#} s");
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, context.Time, ct);
    }

    private async Task ReadAsync(IAsyncStreamReader<ControllerMessage> responses, Func<AgentMessage, CancellationToken, Task> write, CancellationToken ct)
    {
        await foreach (var message in responses.ReadAllAsync(ct))
        {
            switch (message.KindCase)
            {
                case ControllerMessage.KindOneofCase.Welcome:
                    var asked = TimeSpan.FromMilliseconds(message.Welcome.HeartbeatPeriodMs);
                    var period = asked > TimeSpan.Zero && asked < context.Settings.HeartbeatPeriod ? asked : context.Settings.HeartbeatPeriod;
                    Interlocked.Exchange(ref _heartbeatTicks, period.Ticks);
                    _advertisedMqtt = message.Welcome.MqttUri;
                    _welcomed = true;
                    Interlocked.Increment(ref _sessions);
                    break;
                case ControllerMessage.KindOneofCase.DesiredState:
                    await ApplyAsync(message.DesiredState, write, ct);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>As the agent: a snapshot is applied only when newer than what runs; then the status goes up.</summary>
    private async Task ApplyAsync(DesiredState desired, Func<AgentMessage, CancellationToken, Task> write, CancellationToken ct)
    {
        if (desired.Version <= Interlocked.Read(ref _appliedVersion))
        {
            return;
        }

        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in desired.Workloads)
        {
            try
            {
                await context.Modules.FetchAsync(spec.Module.Digest, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed[spec.Name] = $"module {spec.Module.Digest}: {ex.GetBaseException().Message}";
            }
        }

        var now = context.Time.GetUtcNow();
        var started = new List<string>();
        lock (_gate)
        {
            var wanted = desired.Workloads.Where(w => !failed.ContainsKey(w.Name)).ToDictionary(w => w.Name, StringComparer.Ordinal);
            foreach (var gone in _running.Keys.Where(n => !wanted.ContainsKey(n)).ToList())
            {
                _running.Remove(gone);
            }

            foreach (var spec in wanted.Values)
            {
                var key = SpecKey(spec);
                if (_running.TryGetValue(spec.Name, out var current) && current.SpecKey == key)
                {
                    continue;
                }

                _running[spec.Name] = new SimWorkload(spec.Name, spec.Module.Digest, key, now, spec.Cold);
                if (spec.Cold)
                {
                    continue; // held cold, as the agent holds it: module there, nothing started, reported with cold = true
                }

                Interlocked.Increment(ref _starts);
                if (!_startedEver.Add(key))
                {
                    Interlocked.Increment(ref _duplicateStarts);
                }

                started.Add(key);
            }

            if (failed.Count == 0)
            {
                Interlocked.Exchange(ref _appliedVersion, desired.Version);
            }
        }

        var report = new StatusReport { AppliedVersion = AppliedVersion };
        report.Workloads.Add(Statuses(failed));
        await write(new AgentMessage { Status = report }, ct);
        var reportedAt = context.Time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var key in started)
        {
            _runningReportedAt[key] = reportedAt;
        }
    }

    private async Task HeartbeatAsync(Func<AgentMessage, CancellationToken, Task> write, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromTicks(Interlocked.Read(ref _heartbeatTicks)), context.Time, ct);
            if (_welcomed)
            {
                await write(new AgentMessage
                {
                    Heartbeat = new Heartbeat { SentAt = Timestamp.FromDateTimeOffset(context.Time.GetUtcNow()), AppliedVersion = AppliedVersion },
                }, ct);
            }
        }
    }

    private async Task TelemetryLoopAsync(CancellationToken ct)
    {
        var period = context.Settings.TelemetryPeriod;
        var topic = $"edge/v1/nodes/{Name}/telemetry";
        IMqttClient? client = null;
        try
        {
            // Real agents start at different moments: spread the first sample over one period.
            await Task.Delay(period * Random.Shared.NextDouble(), context.Time, ct);
            using var timer = new PeriodicTimer(period, context.Time);
            do
            {
                var broker = context.Settings.Mqtt ?? (Uri.TryCreate(_advertisedMqtt, UriKind.Absolute, out var advertised) ? advertised : null);
                if (broker is null)
                {
                    continue; // not welcomed yet: the agent's sample would wait in its outbox
                }

                var batch = new TelemetryBatch { Node = Name };
                batch.Samples.Add(Sample());
                try
                {
                    if (client is not { IsConnected: true })
                    {
                        client?.Dispose();
                        client = context.MqttFactory.CreateMqttClient();
                        await client.ConnectAsync(ConnectOptions(broker), ct);
                    }

                    var message = new MqttApplicationMessageBuilder()
                        .WithTopic(topic)
                        .WithPayload(batch.ToByteArray())
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                        .Build();
                    using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    bound.CancelAfter(TimeSpan.FromSeconds(10));
                    var result = await client.PublishAsync(message, bound.Token);
                    if (!result.IsSuccess)
                    {
                        throw new InvalidOperationException($"broker refused the publish: {result.ReasonCode} {result.ReasonString}");
                    }

                    Interlocked.Increment(ref _published);
                    _mqttConnected = true;
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _publishFailures);
                    _mqttConnected = false;
                    _lastError = "mqtt: " + ex.GetBaseException().Message;
                    client?.Dispose();
                    client = null;
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is OperationCanceledException or MqttCommunicationTimedOutException)
        {
            // A hard stop: MQTTnet reports a publish cancelled in flight as a timeout, not as a cancellation.
        }
        finally
        {
            client?.Dispose(); // no DISCONNECT packet: the broker finds out as it would after a power cut
        }
    }

    private MqttClientOptions ConnectOptions(Uri broker) => new MqttClientOptionsBuilder()
        .WithTcpServer(broker.Host, broker.Port)
        .WithClientId($"edge-agent-{Name}")
        .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
        .WithCleanStart(true)
        .WithTimeout(TimeSpan.FromSeconds(10))
        .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
        .Build();

    /// <summary>A sample shaped as the agent's NodeSampler makes it, with made-up figures.</summary>
    private NodeSample Sample()
    {
        var workloads = Workloads();
        var sample = new NodeSample
        {
            Sequence = ++_sequence,
            SampledAt = Timestamp.FromDateTimeOffset(context.Time.GetUtcNow()),
            CpuUsageRatio = 0.05 + (0.1 * Random.Shared.NextDouble()),
            MemoryUsedBytes = 1L << 30,
            MemoryTotalBytes = 4L << 30,
            LoadAverage1M = 0.2,
            WorkloadsRunning = workloads.Count,
            DiskUsedBytes = 8L << 30,
            DiskTotalBytes = 32L << 30,
            NetRxBytes = _sequence * 1000,
            NetTxBytes = _sequence * 800,
        };
        foreach (var w in workloads)
        {
            sample.Workloads.Add(new WorkloadSample { Name = w.Name, WarmInstances = 1 });
        }

        return sample;
    }

    private Hello Hello()
    {
        var facts = new NodeFacts
        {
            Name = Name,
            Arch = "x64",
            Os = "linux",
            OsDescription = "edge-fleetsim",
            CpuMillicores = 4000,
            MemoryBytes = 4L << 30,
            AgentVersion = "fleetsim",
            Hostname = Name,
        };
        foreach (var (key, value) in context.Settings.Labels)
        {
            facts.Labels[key] = value;
        }

        facts.Labels["edge.io/arch"] = facts.Arch;
        facts.Labels["edge.io/os"] = facts.Os;
        var hello = new Hello { Facts = facts, AppliedVersion = AppliedVersion };
        hello.Workloads.Add(Statuses(new Dictionary<string, string>()));
        return hello;
    }

    private List<WorkloadStatus> Statuses(IReadOnlyDictionary<string, string> failed)
    {
        var statuses = Workloads().Select(w => new WorkloadStatus
        {
            Name = w.Name,
            Phase = WorkloadPhase.Running,
            ModuleDigest = w.Digest,
            Since = Timestamp.FromDateTimeOffset(w.Since),
            Cold = w.Cold,
        }).ToList();
        statuses.AddRange(failed.Select(f => new WorkloadStatus { Name = f.Key, Phase = WorkloadPhase.Failed, Message = f.Value }));
        return statuses;
    }

    /// <summary>The workload's name and a hash of its whole spec: the agent restarts a workload whose spec changed.</summary>
    private static string SpecKey(WorkloadSpec spec) =>
        $"{spec.Name}@{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(spec.ToByteArray()))[..16]}";
}
