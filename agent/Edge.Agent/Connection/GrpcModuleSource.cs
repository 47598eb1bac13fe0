using Edge.Agent.Workloads;
using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.Agent.Connection;

/// <summary>Downloads modules from the controller by digest.</summary>
internal sealed class GrpcModuleSource(ControllerChannel channel) : IModuleSource
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public async Task<byte[]> FetchAsync(string digest, long expectedBytes, CancellationToken cancellationToken)
    {
        using var call = channel.Client.GetModule(
            new GetModuleRequest { Digest = digest },
            deadline: DateTime.UtcNow.Add(Deadline),
            cancellationToken: cancellationToken);
        using var content = new MemoryStream(expectedBytes is > 0 and < int.MaxValue ? (int)expectedBytes : 0);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            chunk.Data.WriteTo(content);
            if (expectedBytes > 0 && content.Length > expectedBytes)
            {
                throw new InvalidDataException($"module {digest} is longer than the {expectedBytes} bytes announced");
            }
        }

        return content.ToArray();
    }
}
