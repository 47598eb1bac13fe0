using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.Controller.Grpc;

/// <summary>The Connect stream's third writer: log requests for this node (edgectl logs).</summary>
internal sealed partial class AgentGrpcService
{
    internal static async Task RelayLogRequestsAsync(NodeLogRelay.Attachment attachment, IServerStreamWriter<ControllerMessage> responses, SemaphoreSlim writes, CancellationToken ct)
    {
        await foreach (var request in attachment.Outgoing.Reader.ReadAllAsync(ct))
        {
            await WriteOneAsync(responses, new ControllerMessage { LogRequest = request }, writes, ct);
        }

        // Detached by a newer stream of the node: this one keeps serving the rest until it ends.
        await Task.Delay(Timeout.Infinite, ct);
    }
}
