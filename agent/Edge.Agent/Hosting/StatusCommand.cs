using System.Net.Http.Json;
using System.Text.Json;
using Edge.Agent.Status;

namespace Edge.Agent.Hosting;

/// <summary>edge-agent status: asks the running agent's local status API.</summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(string address, string output, TextWriter stdout, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(5) };
        AgentStatusView? status;
        try
        {
            status = await http.GetFromJsonAsync("/status", StatusJsonContext.Default.AgentStatusView, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return await AgentProgram.FailAsync($"cannot reach the agent's status API at {address}: {ex.Message} (is edge-agent running?)", 1);
        }

        if (status is null)
        {
            return await AgentProgram.FailAsync($"the agent at {address} answered nothing", 1);
        }

        if (output == "json")
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(status, StatusJsonContext.Default.AgentStatusView));
            return 0;
        }

        await stdout.WriteLineAsync($"Node:        {status.Node}");
        await stdout.WriteLineAsync($"Controller:  {status.Controller} ({(status.ControllerConnected ? "connected" : "not connected: " + status.ControllerError)})");
        await stdout.WriteLineAsync($"Telemetry:   {(status.MqttConnected ? "flowing" : "not flowing")}");
        if (status.TelemetryAcknowledgement is { } acks)
        {
            await stdout.WriteLineAsync($"Delivered:   through sequence {acks.AcknowledgedThrough} (acknowledged by: {acks.Mode}); {acks.Unacknowledged} sent, not acknowledged; {acks.Resends} resends");
        }
        await stdout.WriteLineAsync($"Desired:     v{status.AppliedVersion}");
        await stdout.WriteLineAsync($"State file:  {status.StateFile}{(status.QuarantinedStateFile is { } q ? $" (a corrupt one was moved to {q})" : "")}");
        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync($"{"WORKLOAD",-24} {"PHASE",-8} {"INVOCATIONS",11} {"FAILURES",8} {"CPU",9} {"MEMORY",9}  MESSAGE");
        foreach (var w in status.Workloads)
        {
            await stdout.WriteLineAsync($"{w.Name,-24} {w.Phase,-8} {w.Invocations,11} {w.Failures,8} {UsageText.Cpu(w.CpuSeconds),9} {UsageText.Bytes(w.MemoryBytes),9}  {w.Message}");
        }

        return 0;
    }
}
