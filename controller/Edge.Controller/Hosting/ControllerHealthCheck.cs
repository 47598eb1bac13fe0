using System.Net.Sockets;
using Edge.Controller.Fleet;
using Edge.Controller.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Edge.Controller.Hosting;

/// <summary>
/// The controller's health for gRPC health and GET /healthz: Unhealthy while the fleet store's
/// commits fail, while the telemetry watermark file cannot be written, or while the MQTT broker
/// the agents are told to use does not accept a connection.
/// </summary>
internal sealed class ControllerHealthCheck(FleetState fleet, TelemetryWatermarks watermarks, MqttEndpoint mqtt) : IHealthCheck
{
    private static readonly TimeSpan BrokerProbeBound = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        if (fleet.StoreFailure is { } store)
        {
            problems.Add($"fleet store: {store}");
        }

        if (watermarks.Failure is { } telemetry)
        {
            problems.Add($"telemetry watermarks ({watermarks.Path}): {telemetry}");
        }

        if (await ProbeBrokerAsync(cancellationToken) is { } broker)
        {
            problems.Add(broker);
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy($"fleet store and telemetry file written; broker {mqtt.AdvertisedUri} reachable")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems));
    }

    private async Task<string?> ProbeBrokerAsync(CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(mqtt.AdvertisedUri, UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            return null; // no broker to probe (telemetry off, or its port chosen at start)
        }

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(BrokerProbeBound);
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(uri.Host, uri.Port, bound.Token);
            return null;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"MQTT broker {uri.Host}:{uri.Port} does not accept connections: {ex.Message}";
        }
    }
}
