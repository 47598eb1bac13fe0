using System.Globalization;
using LiteDB;

namespace Edge.Controller.Store;

/// <summary>
/// Replica assignments, one document per workload and block of <see cref="BlockSize"/>
/// ordinals: placing a workload with a replica on each of 10,000 nodes writes 40 documents
/// instead of 10,000 (LiteDB upserts cost per document; 10,000 assignment documents took
/// 0.85–0.9 s of a 10,000-node apply on the loaded 2-core machine). Stores written before the
/// blocks, with one document per assignment, are moved into blocks when first loaded. The
/// blocks are kept in memory too, as this instance is the only writer of the file.
/// </summary>
internal sealed partial class LiteDbFleetStore
{
    private const int BlockSize = 256;
    private const string BlockCollection = "assignment_blocks";
    private const string BlockWorkload = "w";
    private const string BlockEntries = "a";
    private readonly Lock _blockGate = new();
    private Dictionary<string, BsonDocument>? _blocks;

    private IReadOnlyList<AssignmentRecord> LoadAssignmentBlocks()
    {
        lock (_blockGate)
        {
            return [.. BlocksLocked().Values.SelectMany(doc => doc[BlockEntries].AsDocument.Select(kv =>
            {
                var ordinal = int.Parse(kv.Key, CultureInfo.InvariantCulture);
                var workload = doc[BlockWorkload].AsString;
                return new AssignmentRecord { Id = AssignmentRecord.IdOf(workload, ordinal), Workload = workload, Ordinal = ordinal, Node = kv.Value.AsString };
            }))];
        }
    }

    private void SaveAssignmentBlocks(IReadOnlyList<AssignmentRecord> upserts, IReadOnlyList<string> deletes)
    {
        lock (_blockGate)
        {
            var blocks = BlocksLocked();
            var touched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in upserts)
            {
                Block(blocks, touched, a.Workload, a.Ordinal)[a.Ordinal.ToString(CultureInfo.InvariantCulture)] = a.Node;
            }

            foreach (var id in deletes)
            {
                var slash = id.LastIndexOf('/');
                if (slash > 0 && int.TryParse(id.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
                {
                    Block(blocks, touched, id[..slash], ordinal).Remove(ordinal.ToString(CultureInfo.InvariantCulture));
                }
            }

            // One call, one transaction: a crash leaves the batch whole or absent.
            _db.GetCollection(BlockCollection).Upsert(touched.Select(b => blocks[b]));
        }
    }

    private static BsonDocument Block(Dictionary<string, BsonDocument> blocks, HashSet<string> touched, string workload, int ordinal)
    {
        var id = $"{workload}#{(ordinal / BlockSize).ToString(CultureInfo.InvariantCulture)}";
        if (!blocks.TryGetValue(id, out var doc))
        {
            doc = new BsonDocument { ["_id"] = id, [BlockWorkload] = workload, [BlockEntries] = new BsonDocument() };
            blocks[id] = doc;
        }

        touched.Add(id);
        return doc[BlockEntries].AsDocument;
    }

    private Dictionary<string, BsonDocument> BlocksLocked()
    {
        if (_blocks is not null)
        {
            return _blocks;
        }

        _blocks = _db.GetCollection(BlockCollection).FindAll().ToDictionary(d => d["_id"].AsString, StringComparer.Ordinal);
        var legacy = _assignments.FindAll().ToList();
        if (legacy.Count > 0)
        {
            // Blocks first, then the old documents go: a crash in between finds both, with the same assignments.
            var touched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in legacy)
            {
                Block(_blocks, touched, a.Workload, a.Ordinal)[a.Ordinal.ToString(CultureInfo.InvariantCulture)] = a.Node;
            }

            _db.GetCollection(BlockCollection).Upsert(touched.Select(b => _blocks[b]));
            _assignments.DeleteAll();
        }

        return _blocks;
    }
}
