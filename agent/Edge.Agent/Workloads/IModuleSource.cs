namespace Edge.Agent.Workloads;

/// <summary>Where modules missing from the local cache come from.</summary>
internal interface IModuleSource
{
    Task<byte[]> FetchAsync(string digest, long expectedBytes, CancellationToken cancellationToken);
}
