namespace Edge.Agent.Status;

/// <summary>What GET /status answers and `edge-agent status` prints.</summary>
internal sealed record AgentStatusView(
    string Node,
    string Controller,
    bool ControllerConnected,
    string ControllerError,
    DateTimeOffset? LastControllerContact,
    bool MqttConnected,
    long AppliedVersion,
    string StateFile,
    string? QuarantinedStateFile,
    IReadOnlyList<WorkloadStatusView> Workloads,
    Telemetry.OutboxAcknowledgementFigures? TelemetryAcknowledgement = null);

internal sealed record WorkloadStatusView(
    string Name,
    string Phase,
    string Message,
    string ModuleDigest,
    DateTimeOffset Since,
    long Invocations,
    long Failures,
    bool Cold,
    bool Woken,
    int WarmInstances,
    double? CpuSeconds = null,
    long? MemoryBytes = null);
