using LiteDB;

namespace Edge.Controller.Store;

/// <summary>
/// Desired-state versions, <see cref="Buckets"/> documents each holding the nodes whose name
/// hashes to it: a global apply at 10,000 nodes rewrites 256 documents instead of 10,000
/// (LiteDB upserts cost per document: 10,000 took 130–300 ms even for tiny ones, one document
/// of the same entries 2–12 ms, measured on the 2-core machine). The buckets are kept in memory
/// too, as this instance is the only writer of the file.
/// </summary>
internal sealed partial class LiteDbFleetStore
{
    private const int Buckets = 256;
    private const string Entries = "n";
    private const string DesiredCollection = "desired";
    private readonly Lock _desiredGate = new();
    private Dictionary<int, BsonDocument>? _buckets;

    public IReadOnlyList<DesiredRecord> LoadDesired()
    {
        lock (_desiredGate)
        {
            return [.. BucketsLocked().Values.SelectMany(doc => doc[Entries].AsDocument
                .Select(kv => new DesiredRecord(kv.Key, kv.Value.AsArray[0].AsInt64, kv.Value.AsArray[1].AsString)))];
        }
    }

    public void SaveDesired(IReadOnlyList<DesiredRecord> desired)
    {
        if (desired.Count == 0)
        {
            return;
        }

        lock (_desiredGate)
        {
            var buckets = BucketsLocked();
            var touched = new HashSet<int>();
            foreach (var d in desired)
            {
                var bucket = BucketOf(d.Node);
                if (!buckets.TryGetValue(bucket, out var doc))
                {
                    doc = new BsonDocument { ["_id"] = bucket, [Entries] = new BsonDocument() };
                    buckets[bucket] = doc;
                }

                doc[Entries].AsDocument[d.Node] = new BsonArray(new BsonValue(d.Version), new BsonValue(d.Hash));
                touched.Add(bucket);
            }

            // One call, one transaction: a crash leaves all of the batch or none of it.
            _db.GetCollection(DesiredCollection).Upsert(touched.Select(b => buckets[b]));
        }
    }

    private void ForgetDesired(string node)
    {
        lock (_desiredGate)
        {
            var bucket = BucketOf(node);
            if (BucketsLocked().TryGetValue(bucket, out var doc) && doc[Entries].AsDocument.Remove(node))
            {
                _db.GetCollection(DesiredCollection).Upsert(doc);
            }
        }
    }

    private Dictionary<int, BsonDocument> BucketsLocked() =>
        _buckets ??= _db.GetCollection(DesiredCollection).FindAll().ToDictionary(d => d["_id"].AsInt32);

    /// <summary>FNV-1a over the name: the same bucket in every process, unlike string.GetHashCode.</summary>
    private static int BucketOf(string node)
    {
        var hash = 2166136261u;
        foreach (var c in node)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Buckets);
    }
}
