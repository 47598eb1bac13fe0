using Edge.Agent.Connection;
using Edge.Agent.Core;
using Edge.Agent.Hosting;
using Edge.Agent.State;
using Edge.Agent.Workloads;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Status;

/// <summary>The local status API: GET /status (JSON) and GET /healthz.</summary>
internal static class StatusEndpoints
{
    public static void MapStatus(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/status", (IOptions<AgentOptions> options, AgentStatusBoard board, WorkloadSupervisor supervisor, AgentStateStore store, IWorkloadMetricsSource workloads, Telemetry.TelemetryPublisher publisher, Telemetry.OutboxAcknowledgement acks) =>
            Results.Json(Build(options.Value, board, supervisor, store, workloads, acks.Figures(publisher.HighestSent)), StatusJsonContext.Default.AgentStatusView));
    }

    public static AgentStatusView Build(
        AgentOptions options,
        AgentStatusBoard board,
        WorkloadSupervisor supervisor,
        AgentStateStore store,
        IWorkloadMetricsSource? workloads = null,
        Telemetry.OutboxAcknowledgementFigures? telemetryAcknowledgement = null)
    {
        var (connected, error, lastContact, mqtt) = board.Read();
        var usage = (workloads?.Metrics() ?? []).ToDictionary(m => m.Name, StringComparer.Ordinal);
        return new AgentStatusView(
            options.ResolvedNodeName,
            options.Controller,
            connected,
            error,
            lastContact,
            mqtt,
            supervisor.AppliedVersion,
            store.Path,
            store.Quarantined,
            [.. supervisor.Statuses().Select(s => new WorkloadStatusView(
                s.Name, s.Phase.ToString(), s.Message, s.ModuleDigest, s.Since, s.Invocations, s.Failures, s.Cold, s.Woken, s.WarmInstances,
                usage.GetValueOrDefault(s.Name)?.CpuTime?.TotalSeconds,
                usage.GetValueOrDefault(s.Name)?.Memory?.HeldBytes))],
            telemetryAcknowledgement);
    }
}
