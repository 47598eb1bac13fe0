using System.Collections.Concurrent;
using System.Security.Cryptography;
using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.FleetSim;

/// <summary>
/// Fetches each module once per process by its digest, over the real GetModule
/// stream, and checks the bytes hash to it; every node of the process shares
/// the result, as if each had it in its module cache.
/// </summary>
internal sealed class ModuleFetcher(AgentService.AgentServiceClient client, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<long>>> _modules = new(StringComparer.Ordinal);

    public int Fetched => _modules.Count(m => m.Value.IsValueCreated && m.Value.Value.IsCompletedSuccessfully);

    /// <summary>The module's size in bytes; throws when it cannot be fetched or does not match its digest.</summary>
    public async Task<long> FetchAsync(string digest, CancellationToken ct)
    {
        var entry = _modules.GetOrAdd(digest, d => new Lazy<Task<long>>(() => DownloadAsync(d)));
        try
        {
            return await entry.Value.WaitAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _modules.TryRemove(new KeyValuePair<string, Lazy<Task<long>>>(digest, entry));
            throw;
        }
    }

    private async Task<long> DownloadAsync(string digest)
    {
        using var call = client.GetModule(new GetModuleRequest { Digest = digest }, deadline: time.GetUtcNow().UtcDateTime.AddMinutes(1));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            hash.AppendData(chunk.Data.Span);
            total += chunk.Data.Length;
        }

        var actual = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        return actual == digest ? total : throw new InvalidDataException($"module {digest} arrived as {actual} ({total} bytes)");
    }
}
