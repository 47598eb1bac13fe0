using Edge.Agent.Workloads;

namespace Edge.Agent.Tests.Support;

/// <summary>
/// Serves module bytes by digest, records each fetch, and throws like an
/// unreachable controller while <see cref="Unreachable"/> is set.
/// </summary>
internal sealed class FakeModuleSource : IModuleSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, byte[]> _modules = new(StringComparer.Ordinal);
    private readonly List<string> _fetches = [];

    public bool Unreachable { get; set; }

    public IReadOnlyList<string> Fetches
    {
        get
        {
            lock (_gate)
            {
                return [.. _fetches];
            }
        }
    }

    /// <summary>Serves <paramref name="bytes"/> when asked for <paramref name="digest"/> (which need not match).</summary>
    public void Serve(string digest, byte[] bytes)
    {
        lock (_gate)
        {
            _modules[digest] = bytes;
        }
    }

    public void Serve(byte[] module) => Serve(TestModules.DigestOf(module), module);

    public Task<byte[]> FetchAsync(string digest, long expectedBytes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _fetches.Add(digest);
            if (Unreachable)
            {
                throw new HttpRequestException("controller unreachable");
            }

            return _modules.TryGetValue(digest, out var bytes)
                ? Task.FromResult(bytes)
                : throw new FileNotFoundException($"controller has no module {digest}");
        }
    }
}
