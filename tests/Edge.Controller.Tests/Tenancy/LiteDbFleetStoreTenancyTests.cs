using Edge.Controller.Store;
using Edge.Scheduling;
using Edge.Shared;
using LiteDB;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Controller.Tests.Tenancy;

/// <summary>
/// A fleet.db written before tenants were namespaces (every workload and autoscaler under its
/// bare name, assignments in blocks and in the older one-document form) converts on first load.
/// </summary>
public sealed class LiteDbFleetStoreTenancyTests
{
    private string _dir = null!;
    private string _path = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-tenancy-store-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "fleet.db");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Open_OldShape_OtherTenantsMoveToTheirKeysWithAssignmentsAutoscalersAndAntiAffinity()
    {
        WriteOldShape();

        using var store = new LiteDbFleetStore(_path);

        var workloads = store.LoadWorkloads().ToDictionary(w => w.Id);
        Assert.Multiple(() =>
        {
            Assert.That(workloads.Keys, Is.EquivalentTo(new[] { "hello", "db", "web.globex", "api.globex" }));
            Assert.That(workloads["web.globex"].Placement.Tenant, Is.EqualTo("globex"));
            Assert.That(workloads["web.globex"].Placement.Replicas, Is.EqualTo(2));
            Assert.That(workloads["web.globex"].ModuleDigest, Is.EqualTo(Records.Digest('b')));
            Assert.That(workloads["hello"].ModuleDigest, Is.EqualTo(Records.Digest('a')));
            Assert.That(workloads["api.globex"].Placement.AntiAffinity.Single().Workloads, Is.EqualTo(new[] { "web.globex" }));
            Assert.That(workloads["db"].Placement.AntiAffinity.Single().Workloads, Is.EqualTo(new[] { "web.globex", "hello" }), "a term keeps naming the workload it named");
            Assert.That(store.LoadAssignments().Select(a => (a.Workload, a.Ordinal, a.Node)).Order(), Is.EqualTo(new[]
            {
                ("api.globex", 0, "n2"), ("hello", 0, "n1"), ("web.globex", 0, "n1"), ("web.globex", 1, "n2"),
            }));
            Assert.That(store.LoadAutoscalers().Select(a => (a.Id, a.Tenant, a.Workload)).Order(), Is.EqualTo(new[]
            {
                ("hello", "default", "hello"), ("web.globex", "globex", "web.globex"),
            }));
        });
    }

    [Test]
    public void Open_Converted_SecondOpenChangesNothing()
    {
        WriteOldShape();
        string first;
        using (var store = new LiteDbFleetStore(_path))
        {
            first = Dump(store);
        }

        using var again = new LiteDbFleetStore(_path);

        Assert.Multiple(() =>
        {
            Assert.That(again.KeyByTenant(), Is.Zero);
            Assert.That(Dump(again), Is.EqualTo(first));
        });
    }

    [Test]
    public void Open_OldShape_FleetKeepsReplicasAndAnotherTenantsWebIsSeparate()
    {
        WriteOldShape();
        using var store = new LiteDbFleetStore(_path);
        var fleet = FleetHarness.NewFleet(store, new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero)));
        var acmeWeb = Records.Replicated(WorkloadKeys.Of("acme", "web"), 1);
        acmeWeb.Placement.Tenant = "acme";
        fleet.ApplyTenant(new TenantRecord { Id = "acme" });
        fleet.ApplyTenant(new TenantRecord { Id = "globex" });

        fleet.ApplyWorkload(acmeWeb);

        var views = fleet.ListWorkloads().ToDictionary(v => v.Workload.Id);
        Assert.Multiple(() =>
        {
            Assert.That(views.Keys, Is.EquivalentTo(new[] { "hello", "db", "web.globex", "api.globex", "web.acme" }));
            Assert.That(views["web.globex"].ReplicasPlaced, Is.EqualTo(2), "globex's replicas kept their assignments");
            Assert.That(views["web.globex"].Workload.ModuleDigest, Is.EqualTo(Records.Digest('b')));
            Assert.That(views["web.globex"].Workload.Placement.Tenant, Is.EqualTo("globex"));
        });
    }

    private static string Dump(LiteDbFleetStore store) => string.Join("\n",
        store.LoadWorkloads().OrderBy(w => w.Id, StringComparer.Ordinal).Select(w => $"{w.Id} {w.Placement.Tenant} {w.ModuleDigest} {string.Join(",", w.Placement.AntiAffinity.SelectMany(t => t.Workloads))}")
            .Concat(store.LoadAssignments().Select(a => $"{a.Id} {a.Node}").Order(StringComparer.Ordinal))
            .Concat(store.LoadAutoscalers().Select(a => $"{a.Id} {a.Tenant} {a.Workload}").Order(StringComparer.Ordinal)));

    /// <summary>The file as the controller wrote it before tenants were namespaces.</summary>
    private void WriteOldShape()
    {
        var mapper = LiteDbFile.Mapper();
        using var db = new LiteDatabase(new ConnectionString { Filename = _path, Connection = ConnectionType.Direct }, mapper);
        var hello = Records.Workload("hello", 'a');
        var db1 = Records.Workload("db", 'c');
        db1.Placement.AntiAffinity = [new AntiAffinityRecord { Workloads = ["web", "hello"], TopologyKey = "zone" }];
        var web = Records.Replicated("web", 2);
        web.ModuleDigest = Records.Digest('b');
        web.Placement.Tenant = "globex";
        var api = Records.Replicated("api", 1);
        api.Placement.Tenant = "globex";
        api.Placement.AntiAffinity = [new AntiAffinityRecord { Workloads = ["web"], TopologyKey = "zone" }];
        db.GetCollection<NodeRecord>("nodes").Insert([new NodeRecord { Id = "n1", Facts = Records.Facts() }, new NodeRecord { Id = "n2", Facts = Records.Facts() }]);
        db.GetCollection<WorkloadRecord>("workloads").Insert([hello, db1, web, api]);
        db.GetCollection("assignment_blocks").Insert(
        [
            new BsonDocument { ["_id"] = "web#0", ["w"] = "web", ["a"] = new BsonDocument { ["0"] = "n1", ["1"] = "n2" } },
            new BsonDocument { ["_id"] = "hello#0", ["w"] = "hello", ["a"] = new BsonDocument { ["0"] = "n1" } },
        ]);
        db.GetCollection<AssignmentRecord>("assignments").Insert(new AssignmentRecord { Id = "api/0", Workload = "api", Ordinal = 0, Node = "n2" });
        db.GetCollection<AutoscalerRecord>("autoscalers").Insert(
        [
            new AutoscalerRecord { Id = "web", Tenant = "globex", Workload = "web", MinReplicas = 1, MaxReplicas = 4 },
            new AutoscalerRecord { Id = "hello", Tenant = "default", Workload = "hello", MinReplicas = 1, MaxReplicas = 2 },
        ]);
    }
}
