namespace Edge.Agent.Telemetry;

/// <summary>
/// The acknowledgement path as /metrics and /status show it. Mode:
/// "controller" (its watermark trims the outbox), "broker" (PUBACK trims it:
/// the controller does not acknowledge) or "unknown" (no controller met yet).
/// </summary>
internal sealed record OutboxAcknowledgementFigures(string Mode, ulong AcknowledgedThrough, long Unacknowledged, long Resends, long ResentSamples);
