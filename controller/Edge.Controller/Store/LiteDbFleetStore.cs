using Edge.Shared;
using LiteDB;

namespace Edge.Controller.Store;

/// <summary>
/// The fleet store in one LiteDB file. One instance per process is the only
/// writer of the file (LiteDB 5 has reported concurrent-writer bugs).
/// </summary>
internal sealed partial class LiteDbFleetStore : IFleetStore, IDisposable
{
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<NodeRecord> _nodes;
    private readonly ILiteCollection<WorkloadRecord> _workloads;
    private readonly ILiteStorage<string> _modules;
    private readonly ILiteCollection<AssignmentRecord> _assignments;
    private readonly ILiteCollection<TenantRecord> _tenants;

    public LiteDbFleetStore(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        try
        {
            _db = LiteDbFile.Open(path);
            _nodes = _db.GetCollection<NodeRecord>("nodes");
            _workloads = _db.GetCollection<WorkloadRecord>("workloads");
            _modules = _db.GetStorage<string>("modules", "module_chunks");
            _assignments = _db.GetCollection<AssignmentRecord>("assignments");
            _tenants = _db.GetCollection<TenantRecord>("tenants");
            _ = _nodes.Count(); // touch the file so corruption shows now, not at the first write
            KeyByTenant();
        }
        catch (Exception ex) when (LiteDbFile.IsCorruption(ex))
        {
            // Workloads, modules and tenants exist nowhere else: an empty fleet would stop every node's workloads.
            throw new FleetStoreException(
                $"fleet store {path} is damaged ({ex.Message}); refusing to start with an empty fleet. Restore it from a backup, "
                + "or move it aside (e.g. to fleet.db.corrupt) to start with no workloads, modules or tenants: nodes come back on their own",
                ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new FleetStoreException($"fleet store {path} cannot be opened: {ex.Message}", ex);
        }
    }

    public string Path { get; }

    public IReadOnlyList<NodeRecord> LoadNodes() => [.. _nodes.FindAll()];

    public void SaveNode(NodeRecord node) => _nodes.Upsert(node);

    public void SaveNodes(IReadOnlyList<NodeRecord> nodes)
    {
        if (nodes.Count > 0)
        {
            _nodes.Upsert(nodes);
        }
    }

    public IReadOnlyList<WorkloadRecord> LoadWorkloads() => [.. _workloads.FindAll()];

    public void SaveWorkload(WorkloadRecord workload) => _workloads.Upsert(workload);

    public bool HasModule(string digest) => _modules.Exists(digest);

    public void SaveModule(string digest, ReadOnlySpan<byte> wasm)
    {
        if (_modules.Exists(digest))
        {
            return;
        }

        using var content = new MemoryStream(wasm.ToArray(), writable: false);
        _modules.Upload(digest, digest + ".wasm", content);
    }

    public Stream? OpenModule(string digest) => _modules.Exists(digest) ? _modules.OpenRead(digest) : null;

    public void Dispose() => _db.Dispose();
}
