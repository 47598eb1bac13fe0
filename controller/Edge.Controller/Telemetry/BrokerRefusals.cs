using System.Collections.Concurrent;
using Edge.Controller.Hosting;
using Edge.Shared;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Telemetry;

/// <summary>
/// What the embedded broker refused, counted by reason for /metrics, and logged
/// at most once per client per <see cref="MqttOptions.RefusalLogInterval"/> with
/// how many refusals the line stands for: a client that floods refusals cannot
/// flood the log.
/// </summary>
internal sealed partial class BrokerRefusals(IOptions<ControllerOptions> options, TimeProvider time, ILogger<BrokerRefusals> logger)
{
    public const string TlsHandshake = "tls_handshake";
    public const string Unauthenticated = "unauthenticated";
    public const string ClientId = "client_id";
    public const string Revoked = "revoked";
    public const string SubscribeAcl = "subscribe_acl";
    public const string PublishAcl = "publish_acl";
    public const string PacketTooLarge = "packet_too_large";
    public const string RetainedTelemetry = "retained_telemetry";
    public const string RetainedLimit = "retained_limit";
    public const string PublishRate = "publish_rate";

    /// <summary>Every reason, so /metrics shows each from 0.</summary>
    public static readonly IReadOnlyList<string> Reasons =
        [TlsHandshake, Unauthenticated, ClientId, Revoked, SubscribeAcl, PublishAcl, PacketTooLarge, RetainedTelemetry, RetainedLimit, PublishRate];

    private const int MaxTrackedClients = 10_000;
    private readonly ConcurrentDictionary<string, long> _counts = new(Reasons.Select(r => new KeyValuePair<string, long>(r, 0)), StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LogWindow> _windows = new(StringComparer.Ordinal);

    public long Count(string reason) => _counts.GetValueOrDefault(reason);

    /// <summary>Counts one refusal and logs it unless this client already had a line within the interval.</summary>
    public void Refuse(string reason, string client, string detail)
    {
        _counts.AddOrUpdate(reason, 1, (_, n) => n + 1);
        if (_windows.Count > MaxTrackedClients)
        {
            _windows.Clear(); // many short-lived client ids: forget their windows rather than grow
        }

        var now = time.GetUtcNow();
        var window = _windows.GetOrAdd(client, _ => new LogWindow());
        int count;
        lock (window)
        {
            window.Pending++;
            if (window.LastLine is { } last && now - last < options.Value.Mqtt.RefusalLogInterval)
            {
                return;
            }

            window.LastLine = now;
            count = window.Pending;
            window.Pending = 0;
        }

        LogRefused(reason, client, detail, count, options.Value.Mqtt.RefusalLogInterval.TotalSeconds);
    }

    public string Render()
    {
        var p = new PrometheusText();
        foreach (var reason in Reasons)
        {
            p.Metric("edge_mqtt_refused_total", "counter", "What the embedded broker refused, by reason.", Count(reason), ("reason", reason));
        }

        return p.ToString();
    }

    private sealed class LogWindow
    {
        public DateTimeOffset? LastLine { get; set; }

        public int Pending { get; set; }
    }

    [LoggerMessage(EventId = 1520, Level = LogLevel.Warning, Message = "MQTT {Reason} refused for {Client}: {Detail} ({Count} refusals of this client since its last line; at most one line per {IntervalSeconds} s)")]
    private partial void LogRefused(string reason, string client, string detail, int count, double intervalSeconds);
}
