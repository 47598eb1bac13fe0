using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>The cache's nodes as the dictionary the lifecycle rules look nodes up in, without copying them.</summary>
internal sealed class CacheNodes(ClusterCache cache) : IReadOnlyDictionary<string, PlacementNode>
{
    public int Count => cache.NodeCount;

    public IEnumerable<string> Keys => cache.Nodes.Select(n => n.Name);

    public IEnumerable<PlacementNode> Values => cache.Nodes;

    public PlacementNode this[string key] => cache.GetNode(key) ?? throw new KeyNotFoundException($"node {key}");

    public bool ContainsKey(string key) => cache.GetNode(key) is not null;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out PlacementNode value)
    {
        value = cache.GetNode(key);
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, PlacementNode>> GetEnumerator() =>
        cache.Nodes.Select(n => new KeyValuePair<string, PlacementNode>(n.Name, n)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
