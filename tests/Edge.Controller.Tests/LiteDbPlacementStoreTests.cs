using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Tests;

/// <summary>Placement records in a real LiteDB file: what a controller restart reads back.</summary>
public sealed class LiteDbPlacementStoreTests
{
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
    public void WorkloadPlacementTenantsAndAssignments_SurviveReopen()
    {
        var workload = Records.Replicated("web", 3);
        workload.Placement.RequiredAffinity = [new() { MatchExpressions = [new() { Key = "zone", Operator = SelectorOperator.In, Values = ["a", "b"] }] }];
        workload.Placement.PreferredAffinity = [new() { Weight = 30, Term = new() { MatchExpressions = [new() { Key = "gpu", Operator = SelectorOperator.Exists }] } }];
        workload.Placement.AntiAffinity = [new() { Workloads = ["db"], TopologyKey = "zone" }];
        workload.Placement.Tolerations = [new() { Key = "edge.io/maintenance", Operator = TolerationOperator.Exists }, new() { Key = "x", Value = "1", Effect = TaintEffect.NoExecute }];
        workload.Placement.TopologySpread = [new() { TopologyKey = "zone", MaxSkew = 2, WhenUnsatisfiable = UnsatisfiableAction.ScheduleAnyway }];
        workload.Placement.Strategy = ScoringStrategy.Binpack;
        var node = new NodeRecord { Id = "n1", Cordoned = true, Taints = [new() { Key = "k", Value = "v", Effect = TaintEffect.PreferNoSchedule }], AdminLabels = new() { ["zone"] = "a" }, RemovedLabels = ["site"] };
        using (var store = new LiteDbFleetStore(_path))
        {
            store.SaveWorkload(workload);
            store.SaveNode(node);
            store.SaveTenant(new TenantRecord { Id = "team", CpuMillis = 2000, Replicas = 10 });
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
}
