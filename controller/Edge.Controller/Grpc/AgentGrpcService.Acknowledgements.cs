using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.Controller.Grpc;

/// <summary>The Connect stream's second writer: the node's committed telemetry watermark, whenever it moves.</summary>
internal sealed partial class AgentGrpcService
{
    /// <summary>
    /// Sends the watermark stored now (if any), then each newer one; values
    /// committed while a write was under way are coalesced into the newest.
    /// </summary>
    internal static async Task AcknowledgeTelemetryAsync(AcknowledgementSlot slot, IServerStreamWriter<ControllerMessage> responses, SemaphoreSlim writes, CancellationToken ct)
    {
        NodeWatermark? sent = null;
        while (!ct.IsCancellationRequested)
        {
            var (mark, changed) = slot.Read();
            if (mark is { } m && m != sent)
            {
                await WriteOneAsync(responses, new ControllerMessage { TelemetryAck = new TelemetryAck { Stream = m.Stream, Sequence = m.Sequence } }, writes, ct);
                sent = m;
            }

            await changed.WaitAsync(ct);
        }
    }

    /// <summary>A gRPC stream takes one write at a time; the desired-state and acknowledgement writers share it.</summary>
    private static async Task WriteOneAsync(IServerStreamWriter<ControllerMessage> responses, ControllerMessage message, SemaphoreSlim writes, CancellationToken ct)
    {
        await writes.WaitAsync(ct);
        try
        {
            await responses.WriteAsync(message, ct);
        }
        finally
        {
            writes.Release();
        }
    }
}
