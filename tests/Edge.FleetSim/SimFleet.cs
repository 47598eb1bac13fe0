using System.Collections.Concurrent;
using Edge.Protos.V1;
using Grpc.Net.Client;
using MQTTnet;

namespace Edge.FleetSim;

/// <summary>
/// The simulated nodes of one process. All Connect streams share one gRPC
/// channel: HTTP/2 multiplexes them, and the handler opens another
/// connection only when the controller's MaxStreamsPerConnection is reached,
/// so N nodes cost about N / limit sockets, not N. Each node keeps its own
/// MQTT socket, as MQTT has no multiplexing.
/// </summary>
internal sealed class SimFleet : IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private readonly ConcurrentDictionary<int, SimNode> _nodes = new();
    private readonly SimContext _context;

    public SimFleet(SimSettings settings, TimeProvider time)
    {
        // The agent's own channel settings (agent/Edge.Agent/Connection/ControllerChannel.cs), shared by all nodes here.
        _channel = GrpcChannel.ForAddress(settings.Controller, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(5),
                KeepAlivePingDelay = TimeSpan.FromSeconds(15),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                EnableMultipleHttp2Connections = true,
            },
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        var agents = new AgentService.AgentServiceClient(_channel);
        _context = new SimContext(settings, agents, new ModuleFetcher(agents, time), new MqttClientFactory(), time);
    }

    public SimSettings Settings => _context.Settings;

    public int ModulesFetched => _context.Modules.Fetched;

    public IReadOnlyList<SimNode> Nodes => [.. _nodes.Values.OrderBy(n => n.Index)];

    /// <summary>Creates and starts nodes first..first+count-1 at the ramp rate; returns how many were new.</summary>
    public async Task<int> AddAsync(int first, int count, CancellationToken ct)
    {
        var added = 0;
        var step = Math.Max(1, Settings.RampPerSecond / 10);
        for (var i = first; i < first + count; i++)
        {
            var node = _nodes.GetOrAdd(i, index => new SimNode(index, _context));
            if (!node.IsStarted)
            {
                node.Start();
                added++;
                if (added % step == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _context.Time, ct);
                }
            }
        }

        return added;
    }

    /// <summary>Hard-stops the nodes in first..first+count-1 that this process holds; returns how many.</summary>
    public async Task<int> StopAsync(int first, int count)
    {
        var stopping = _nodes.Values.Where(n => n.Index >= first && n.Index < first + count && n.IsStarted).ToList();
        await Task.WhenAll(stopping.Select(n => n.StopAsync()));
        return stopping.Count;
    }

    /// <summary>Starts again the held nodes in first..first+count-1 that are stopped, all at once (they return together).</summary>
    public int Restart(int first, int count)
    {
        var starting = _nodes.Values.Where(n => n.Index >= first && n.Index < first + count && !n.IsStarted).ToList();
        foreach (var node in starting)
        {
            node.Start();
        }

        return starting.Count;
    }

    public SimReport Report()
    {
        var nodes = _nodes.Values.ToList();
        return new SimReport(
            Nodes: nodes.Count,
            Started: nodes.Count(n => n.IsStarted),
            Welcomed: nodes.Count(n => n.Welcomed),
            MqttConnected: nodes.Count(n => n.MqttConnected),
            Sessions: nodes.Sum(n => n.Sessions),
            SessionFailures: nodes.Sum(n => n.SessionFailures),
            Published: nodes.Sum(n => n.Published),
            PublishFailures: nodes.Sum(n => n.PublishFailures),
            Starts: nodes.Sum(n => n.Starts),
            DuplicateStarts: nodes.Sum(n => n.DuplicateStarts),
            ModulesFetched: ModulesFetched,
            LastError: nodes.Select(n => n.LastError).LastOrDefault(e => e.Length > 0) ?? "");
    }

    /// <summary>For each held node running the workload: when it reported it Running (Unix ms).</summary>
    public IReadOnlyList<long> RunningReportedAt(string workload) =>
        [.. _nodes.Values.Select(n => n.RunningReportedAt(workload)).OfType<long>()];

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_nodes.Values.Select(n => n.DisposeAsync().AsTask()));
        _channel.Dispose();
    }
}
