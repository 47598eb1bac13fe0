using Edge.Controller.Store;
using Edge.Scheduling;
using LiteDB;

namespace Edge.Controller.Tests;

public sealed class LiteDbFleetStoreTests
{
    private static readonly DateTimeOffset FirstSeen = new(2025, 3, 1, 12, 0, 0, 250, TimeSpan.Zero);
    private string _dir = null!;
    private string _path = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-controller-tests-" + Guid.NewGuid().ToString("N"));
        _path = Path.Combine(_dir, "fleet.db");
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Test]
    public void Constructor_MissingDirectory_CreatesIt()
    {
        using var store = new LiteDbFleetStore(_path);

        Assert.That(File.Exists(_path), Is.True);
    }

    [Test]
    public void SaveWorkload_WithVolumesAndStorageQuota_SurvivesReopen()
    {
        var volume = new WorkloadVolumeRecord { Name = "data", Kind = "persistent", MountPath = "/data", SizeBytes = 1 << 20, ReadOnly = true, ReclaimPolicy = "Retain" };
        using (var store = new LiteDbFleetStore(_path))
        {
            store.SaveWorkload(new WorkloadRecord { Id = "kv", ModuleDigest = "sha256:" + new string('a', 64), Volumes = [volume] });
            store.SaveTenant(new TenantRecord { Id = "acme", StorageBytes = 5L << 30 });
        }

        using var reopened = new LiteDbFleetStore(_path);
        var loaded = reopened.LoadWorkloads().Single().Volumes.Single();

        Assert.That(loaded.ToString(), Is.EqualTo(volume.ToString()));
        Assert.That(reopened.LoadTenants().Single().StorageBytes, Is.EqualTo(5L << 30));
    }

    [Test]
    public void SaveNode_LoadNodes_RoundTrip()
    {
        using var store = new LiteDbFleetStore(_path);
        var node = Node("n1");

        store.SaveNode(node);

        var loaded = store.LoadNodes().Single();
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Id, Is.EqualTo("n1"));
            Assert.That(loaded.FirstSeen, Is.EqualTo(FirstSeen));
            Assert.That(loaded.DesiredVersion, Is.EqualTo(42));
            Assert.That(loaded.DesiredHash, Is.EqualTo("ab12"));
            Assert.That(loaded.Facts.SameAs(node.Facts), Is.True);
            Assert.That(loaded.Facts.Labels, Is.EqualTo(new Dictionary<string, string>
            {
                ["kubernetes.io/arch"] = "arm64",
                ["zone"] = "a",
            }));
            Assert.That(loaded.Facts.MemoryBytes, Is.EqualTo(4L * 1024 * 1024 * 1024));
        });
    }

    [Test]
    public void SaveNode_SameIdTwice_OneRecordWithLatestValues()
    {
        using var store = new LiteDbFleetStore(_path);
        var node = Node("n1");
        store.SaveNode(node);
        node.DesiredVersion = 43;

        store.SaveNode(node);

        Assert.That(store.LoadNodes().Select(n => (n.Id, n.DesiredVersion)), Is.EqualTo(new[] { ("n1", 43L) }));
    }

    [Test]
    public void SaveNodes_NewAndExisting_AllStoredOnceWithLatestValues()
    {
        using (var store = new LiteDbFleetStore(_path))
        {
            store.SaveNode(Node("n1"));
            var batch = Enumerable.Range(1, 500).Select(i => Node($"n{i}")).ToList();
            batch.ForEach(n => n.DesiredVersion = 7);

            store.SaveNodes(batch);
            store.SaveNodes([]);
        }

        using var reopened = new LiteDbFleetStore(_path);
        var loaded = reopened.LoadNodes();
        Assert.Multiple(() =>
        {
            Assert.That(loaded, Has.Count.EqualTo(500));
            Assert.That(loaded.Select(n => n.DesiredVersion), Is.All.EqualTo(7L));
        });
    }

    [Test]
    public void SaveWorkload_ColdNodes_RoundTrip()
    {
        using var store = new LiteDbFleetStore(_path);
        var workload = Records.Replicated("web", 0);
        workload.ColdNodes = ["a1", "b2"];

        store.SaveWorkload(workload);

        Assert.That(store.LoadWorkloads().Single().ColdNodes, Is.EqualTo(new[] { "a1", "b2" }));
    }

    [Test]
    public void SaveWorkload_LoadWorkloads_RoundTrip()
    {
        using var store = new LiteDbFleetStore(_path);
        var workload = Records.Workload("web", 'c', ("zone", "a"), ("edge.io/tier", "gateway"));
        workload.Args = ["--port", "8080", "--name=a b", "--port"];
        workload.UpdatedAt = FirstSeen;

        store.SaveWorkload(workload);

        var loaded = store.LoadWorkloads().Single();
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Id, Is.EqualTo("web"));
            Assert.That(loaded.SameSpecAs(workload), Is.True);
            Assert.That(loaded.Args, Is.EqualTo(new[] { "--port", "8080", "--name=a b", "--port" }));
            Assert.That(loaded.NodeSelector, Is.EqualTo(workload.NodeSelector));
            Assert.That(loaded.Env, Is.EqualTo(new Dictionary<string, string> { ["LEVEL"] = "info" }));
            Assert.That(loaded.ModuleSizeBytes, Is.EqualTo(1234));
            Assert.That(loaded.UpdatedAt, Is.EqualTo(FirstSeen));
        });
    }

    [Test]
    public void SaveModule_OpenModule_ByteIdentical()
    {
        using var store = new LiteDbFleetStore(_path);
        var wasm = Bytes(600 * 1024, seed: 1); // spans several LiteDB chunks
        var digest = Edge.Scheduling.Names.DigestOf(wasm);

        store.SaveModule(digest, wasm);

        Assert.Multiple(() =>
        {
            Assert.That(store.HasModule(digest), Is.True);
            Assert.That(ReadAll(store.OpenModule(digest)), Is.EqualTo(wasm));
        });
    }

    [Test]
    public void SaveModule_SameDigestTwice_KeepsFirstContent()
    {
        // Content-addressed: a second save of a digest is a no-op, never an overwrite.
        using var store = new LiteDbFleetStore(_path);
        var first = Bytes(1000, seed: 1);
        var digest = Edge.Scheduling.Names.DigestOf(first);
        store.SaveModule(digest, first);

        store.SaveModule(digest, Bytes(1000, seed: 2));

        Assert.That(ReadAll(store.OpenModule(digest)), Is.EqualTo(first));
    }

    [Test]
    public void OpenModule_UnknownDigest_Null()
    {
        using var store = new LiteDbFleetStore(_path);

        var content = store.OpenModule(Records.Digest('f'));

        Assert.Multiple(() =>
        {
            Assert.That(content, Is.Null);
            Assert.That(store.HasModule(Records.Digest('f')), Is.False);
        });
    }

    [Test]
    public void Constructor_FileOfRandomBytes_ThrowsFleetStoreExceptionNamingTheFile()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllBytes(_path, Bytes(64 * 1024, seed: 7));

        Assert.That(() => new LiteDbFleetStore(_path), Throws.TypeOf<FleetStoreException>()
            .With.Message.Contains(_path));
    }

    [Test]
    public void Reopen_AfterDispose_KeepsNodesWorkloadsAndModules()
    {
        var wasm = Bytes(2000, seed: 3);
        var digest = Edge.Scheduling.Names.DigestOf(wasm);
        using (var store = new LiteDbFleetStore(_path))
        {
            store.SaveNode(Node("n1"));
            store.SaveNode(Node("n2"));
            store.SaveWorkload(Records.Workload("web"));
            store.SaveModule(digest, wasm);
        }

        using var reopened = new LiteDbFleetStore(_path);

        Assert.Multiple(() =>
        {
            Assert.That(reopened.LoadNodes().Select(n => n.Id), Is.EquivalentTo(new[] { "n1", "n2" }));
            Assert.That(reopened.LoadWorkloads().Select(w => w.Id), Is.EqualTo(new[] { "web" }));
            Assert.That(ReadAll(reopened.OpenModule(digest)), Is.EqualTo(wasm));
        });
    }

    [Test]
    public void Path_IsTheFileGiven()
    {
        using var store = new LiteDbFleetStore(_path);

        Assert.That(store.Path, Is.EqualTo(_path));
    }

    private static NodeRecord Node(string id)
    {
        var facts = Records.Facts(("kubernetes.io/arch", "arm64"), ("zone", "a"));
        facts.K3sNodeName = "k3s-" + id;
        return new NodeRecord { Id = id, Facts = facts, FirstSeen = FirstSeen, DesiredVersion = 42, DesiredHash = "ab12" };
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
#pragma warning disable CA5394 // test data, not security
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }

    private static byte[] ReadAll(Stream? stream)
    {
        Assert.That(stream, Is.Not.Null);
        using (stream)
        {
            using var copy = new MemoryStream();
            stream!.CopyTo(copy);
            return copy.ToArray();
        }
    }

    [Test]
    public void Constructor_ShortFileOfText_ThrowsFleetStoreExceptionNamingTheFile_AndKeepsIt()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, "this is not a database");

        var error = Assert.Throws<FleetStoreException>(() => new LiteDbFleetStore(_path).Dispose());

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain(_path));
            Assert.That(File.ReadAllText(_path), Is.EqualTo("this is not a database"), "the damaged file is left as it was");
        });
    }

    [Test]
    public void SaveWorkload_EmptyAndPaddedStrings_ComeBackAsGiven()
    {
        using (var store = new LiteDbFleetStore(_path))
        {
            var workload = Records.Workload("web");
            workload.Args = ["", "  padded  "];
            workload.Env = new Dictionary<string, string> { ["EMPTY"] = "", ["SP"] = " x " };
            store.SaveWorkload(workload);
            store.SaveNode(new NodeRecord { Id = "n1", Facts = new NodeFactsRecord { K3sNodeName = "" } });
        }

        using var reopened = new LiteDbFleetStore(_path);
        var loaded = reopened.LoadWorkloads().Single();
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Args, Is.EqualTo(new[] { "", "  padded  " }));
            Assert.That(loaded.Env["EMPTY"], Is.EqualTo(""));
            Assert.That(loaded.Env["SP"], Is.EqualTo(" x "));
            Assert.That(reopened.LoadNodes().Single().Facts.K3sNodeName, Is.EqualTo(""));
        });
    }

    [Test]
    public void WorkloadPlacementTenantsAndAssignments_SurviveReopen()
    {
        var workload = Records.Replicated("web", 3);
        workload.Placement.RequiredAffinity = [new() { MatchExpressions = [new() { Key = "zone", Operator = SelectorOperator.In, Values = ["a", "b"] }] }];
        workload.Placement.PreferredAffinity = [new() { Weight = 30, Term = new() { MatchExpressions = [new() { Key = "gpu", Operator = SelectorOperator.Exists }] } }];
        workload.Placement.AntiAffinity = [new() { Workloads = ["db"], TopologyKey = "zone" }];
        workload.Placement.WorkloadAffinity = [new() { Workloads = ["cache"], TopologyKey = "zone" }];
        workload.Placement.ExtendedRequests = new() { ["edge.io/gpu"] = 1, ["example.com/camera"] = 2 };
        workload.Placement.PreferredWorkloadAffinity = [new() { Workloads = ["db"], TopologyKey = "site", Weight = 20 }];
        workload.Placement.Tolerations = [new() { Key = "edge.io/maintenance", Operator = TolerationOperator.Exists }, new() { Key = "x", Value = "1", Effect = TaintEffect.NoExecute }];
        workload.Placement.TopologySpread = [new() { TopologyKey = "zone", MaxSkew = 2, WhenUnsatisfiable = UnsatisfiableAction.ScheduleAnyway }];
        workload.Placement.Strategy = ScoringStrategy.Binpack;
        var node = new NodeRecord { Id = "n1", Cordoned = true, Taints = [new() { Key = "k", Value = "v", Effect = TaintEffect.PreferNoSchedule }], AdminLabels = new() { ["zone"] = "a" }, RemovedLabels = ["site"] };
        node.Facts.ExtendedResources = new() { ["edge.io/gpu"] = 2 };
        using (var store = new LiteDbFleetStore(_path))
        {
            store.SaveWorkload(workload);
            store.SaveNode(node);
            store.SaveTenant(new TenantRecord { Id = "team", CpuMillis = 2000, Replicas = 10, Extended = new() { ["edge.io/gpu"] = 4 } });
            store.SaveAssignments([new() { Id = "web/0", Workload = "web", Ordinal = 0, Node = "n1" }, new() { Id = "web/1", Workload = "web", Ordinal = 1, Node = "n2" }], []);
            store.SaveAssignments([new() { Id = "web/2", Workload = "web", Ordinal = 2, Node = "n3" }], ["web/1"]);
        }

        using var reopened = new LiteDbFleetStore(_path);
        var loaded = reopened.LoadWorkloads().Single();
        var loadedNode = reopened.LoadNodes().Single();
        var tenant = reopened.LoadTenants().Single();
        Assert.Multiple(() =>
        {
            Assert.That(loaded.SameSpecAs(workload), Is.True, loaded.Placement.Text());
            Assert.That(loaded.Placement.Text(), Does.Contain("affinity 0 cache zone").And.Contain("affinity 20 db site"));
            Assert.That(loaded.Placement.ExtendedRequests, Is.EquivalentTo(new Dictionary<string, long> { ["edge.io/gpu"] = 1, ["example.com/camera"] = 2 }));
            Assert.That(loadedNode.Facts.ExtendedResources, Is.EquivalentTo(new Dictionary<string, long> { ["edge.io/gpu"] = 2 }));
            Assert.That(tenant.Extended, Is.EquivalentTo(new Dictionary<string, long> { ["edge.io/gpu"] = 4 }));
            Assert.That(loaded.Placement.Tolerations[1].Effect, Is.EqualTo(TaintEffect.NoExecute));
            Assert.That(loaded.Placement.Tolerations[0].Effect, Is.Null);
            Assert.That(loadedNode.Cordoned, Is.True);
            Assert.That(loadedNode.Taints.Single().Effect, Is.EqualTo(TaintEffect.PreferNoSchedule));
            Assert.That(loadedNode.EffectiveLabels(), Is.EqualTo(new Dictionary<string, string> { ["zone"] = "a" }));
            Assert.That((tenant.CpuMillis, tenant.MemoryBytes, tenant.Replicas, tenant.Workloads), Is.EqualTo(((long?)2000, (long?)null, (int?)10, (int?)null)));
            Assert.That(reopened.LoadAssignments().Select(a => $"{a.Id}@{a.Node}").Order(), Is.EqualTo(new[] { "web/0@n1", "web/2@n3" }));
        });
    }

    [Test]
    public void WorkloadStoredBeforePlacement_ReadsBackGlobal()
    {
        Directory.CreateDirectory(_dir);
        using (var db = new LiteDB.LiteDatabase(_path))
        {
            db.GetCollection("workloads").Insert(new LiteDB.BsonDocument { ["_id"] = "old", ["ModuleDigest"] = Records.Digest('a') });
        }

        using var store = new LiteDbFleetStore(_path);
        var placement = store.LoadWorkloads().Single().Placement;

        Assert.Multiple(() =>
        {
            Assert.That(placement.Mode, Is.EqualTo(PlacementMode.Global));
            Assert.That(placement.Tenant, Is.EqualTo("default"));
        });
    }

    [Test]
    public void SaveDesired_Reopened_NewestPerNode()
    {
        using (var store = new LiteDbFleetStore(_path))
        {
            store.SaveDesired([new DesiredRecord("n1", 1, "h1"), new DesiredRecord("n2", 4, "h4")]);
            store.SaveDesired([new DesiredRecord("n1", 2, "h2")]);
        }

        using var reopened = new LiteDbFleetStore(_path);

        Assert.That(reopened.LoadDesired().OrderBy(d => d.Node, StringComparer.Ordinal),
            Is.EqualTo(new[] { new DesiredRecord("n1", 2, "h2"), new DesiredRecord("n2", 4, "h4") }));
    }

    [Test]
    public void DeleteNode_ForgetsItsDesiredVersion()
    {
        using (var store = new LiteDbFleetStore(_path))
        {
            store.SaveDesired([new DesiredRecord("n1", 1, "h1"), new DesiredRecord("n2", 4, "h4")]);
            store.DeleteNode("n1");
        }

        using var reopened = new LiteDbFleetStore(_path);

        Assert.That(reopened.LoadDesired().Select(d => d.Node), Is.EqualTo(new[] { "n2" }));
    }

    [Test]
    public void SaveDesired_TenThousandNodes_AFewHundredDocumentsNotOnePerNode()
    {
        using (var store = new LiteDbFleetStore(_path))
        {
            store.SaveDesired([.. Enumerable.Range(0, 10_000).Select(i => new DesiredRecord($"sim-{i:D5}", i, "h"))]);
        }

        using var db = new LiteDatabase(new ConnectionString { Filename = _path, Connection = ConnectionType.Direct });

        Assert.That(db.GetCollection("desired").Count(), Is.InRange(1, 256));
    }

    [Test]
    public void LoadAssignments_StoreWithOneDocumentPerAssignment_MovedIntoBlocksAndKept()
    {
        Directory.CreateDirectory(_dir);
        using (var db = new LiteDatabase(new ConnectionString { Filename = _path, Connection = ConnectionType.Direct }))
        {
            db.GetCollection<AssignmentRecord>("assignments").Insert(
            [
                new AssignmentRecord { Id = AssignmentRecord.IdOf("web", 0), Workload = "web", Ordinal = 0, Node = "n1" },
                new AssignmentRecord { Id = AssignmentRecord.IdOf("web", 300), Workload = "web", Ordinal = 300, Node = "n2" },
            ]);
        }

        using (var store = new LiteDbFleetStore(_path))
        {
            Assert.That(store.LoadAssignments().Select(a => (a.Workload, a.Ordinal, a.Node)), Is.EquivalentTo(new[] { ("web", 0, "n1"), ("web", 300, "n2") }));
            store.SaveAssignments([], [AssignmentRecord.IdOf("web", 0)]);
        }

        using var reopened = new LiteDbFleetStore(_path);

        Assert.That(reopened.LoadAssignments().Select(a => (a.Id, a.Node)), Is.EqualTo(new[] { ("web/300", "n2") }));
    }

    [Test]
    public void SaveAssignments_TenThousandReplicas_FortyDocumentsNotOnePerReplica()
    {
        using (var store = new LiteDbFleetStore(_path))
        {
            store.SaveAssignments([.. Enumerable.Range(0, 10_000).Select(i => new AssignmentRecord { Id = AssignmentRecord.IdOf("web", i), Workload = "web", Ordinal = i, Node = $"n{i}" })], []);
        }

        using var db = new LiteDatabase(new ConnectionString { Filename = _path, Connection = ConnectionType.Direct });

        Assert.Multiple(() =>
        {
            Assert.That(db.GetCollection("assignment_blocks").Count(), Is.EqualTo(40));
            Assert.That(db.GetCollection("assignments").Count(), Is.Zero);
        });
    }
}
