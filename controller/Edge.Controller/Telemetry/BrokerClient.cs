namespace Edge.Controller.Telemetry;

/// <summary>One connection to the embedded broker: who it is (mtls: its node, and the certificate serial it proved), its publish budget.</summary>
internal sealed class BrokerClient(string clientId, string? node, string? serial, PublishBucket bucket) : IDisposable
{
    public string ClientId { get; } = clientId;

    /// <summary>The authenticated node; null in dev mode.</summary>
    public string? Node { get; } = node;

    /// <summary>The serial of the certificate the client showed or whose password it gave; null in dev mode.</summary>
    public string? Serial { get; } = serial;

    public PublishBucket Bucket { get; } = bucket;

    /// <summary>Ends the connection when the node is revoked.</summary>
    public CancellationTokenRegistration Revocation { get; set; }

    public void Dispose() => Revocation.Dispose();
}
