using Edge.Controller.Fleet;
using Edge.Controller.Grpc;
using Edge.Controller.Store;
using Edge.Scheduling;
using Proto = Edge.Protos.V1;

namespace Edge.Controller.Tests.Grpc;

/// <summary>The admin API's own checks of the placement fields any gRPC client may send (edgectl checks first, but is not the only client).</summary>
public sealed class PlacementSpecMappingTests
{
    [Test]
    public void ToPlacementRecord_SpreadInclusionFields_CarriedToTheConstraint()
    {
        var request = Request();
        request.TopologySpread.Add(new Proto.TopologySpread { TopologyKey = "zone", MaxSkew = 1, MinDomains = 3, NodeAffinityPolicy = "Ignore", NodeTaintsPolicy = "Honor" });

        var constraint = request.ToPlacementRecord().TopologySpread.Single().ToConstraint();

        Assert.That(constraint, Is.EqualTo(new TopologySpreadConstraint("zone", 1, UnsatisfiableAction.DoNotSchedule)
        {
            MinDomains = 3, NodeAffinityPolicy = NodeInclusionPolicy.Ignore, NodeTaintsPolicy = NodeInclusionPolicy.Honor,
        }));
    }

    [Test]
    public void ToConstraint_RecordStoredBeforeTheFields_KubernetesDefaults()
    {
        var old = new SpreadRecord { TopologyKey = "zone", MaxSkew = 2 };

        Assert.That(old.ToConstraint(), Is.EqualTo(new TopologySpreadConstraint("zone", 2, UnsatisfiableAction.DoNotSchedule)));
        Assert.That(old.ToConstraint(), Has.Property("MinDomains").EqualTo(1)
            .And.Property("NodeAffinityPolicy").EqualTo(NodeInclusionPolicy.Honor)
            .And.Property("NodeTaintsPolicy").EqualTo(NodeInclusionPolicy.Ignore));
    }

    private static IEnumerable<TestCaseData> BadRequests()
    {
        yield return Bad("policy", r => r.TopologySpread.Add(new Proto.TopologySpread { TopologyKey = "zone", MaxSkew = 1, NodeTaintsPolicy = "honour" }),
            "topologySpreadConstraints[0].nodeTaintsPolicy \"honour\" is not Honor or Ignore");
        yield return Bad("minDomainsNegative", r => r.TopologySpread.Add(new Proto.TopologySpread { TopologyKey = "zone", MaxSkew = 1, MinDomains = -1 }),
            "topologySpreadConstraints[0].minDomains must be 1 or more");
        yield return Bad("minDomainsSoft", r => r.TopologySpread.Add(new Proto.TopologySpread { TopologyKey = "zone", MaxSkew = 1, MinDomains = 2, WhenUnsatisfiable = "ScheduleAnyway" }),
            "only with whenUnsatisfiable DoNotSchedule");
        yield return Bad("termWithoutExpressions", r => r.RequiredNodeAffinity.Add(new Proto.NodeSelectorTerm()),
            "affinity.required[0].matchExpressions: a term without expressions matches no node");
        yield return Bad("labelValue", r => r.RequiredNodeAffinity.Add(Term("zone", "In", "eu west")),
            "affinity.required[0].matchExpressions[0]: \"eu west\" is not a label value");
        yield return Bad("labelValueTooLong", r => r.RequiredNodeAffinity.Add(Term("zone", "NotIn", new string('a', 64))),
            "is not a label value");
        yield return Bad("labelKey", r => r.RequiredNodeAffinity.Add(Term("bad key", "Exists")),
            "affinity.required[0].matchExpressions[0]: \"bad key\" is not a label key");
        yield return Bad("affinityGlobal", r => { r.Replicas = 0; r.Mode = Proto.WorkloadMode.Global; r.WorkloadAffinity.Add(Affine("zone", 0, "db")); },
            "workloadAffinity does not apply to a global workload");
        yield return Bad("affinityNoWorkloads", r => r.WorkloadAffinity.Add(Affine("zone", 0)), "workloadAffinity.required[0].workloads must name one or more workloads");
        yield return Bad("affinityBadName", r => r.WorkloadAffinity.Add(Affine("zone", 0, "Db")), "workloadAffinity.required[0].workloads must name one or more workloads");
        yield return Bad("affinityBadKey", r => r.WorkloadAffinity.Add(Affine("bad key", 0, "db")), "workloadAffinity.required[0].topologyKey: \"bad key\" is not a label key");
        yield return Bad("affinityRequiredWeight", r => r.WorkloadAffinity.Add(Affine("zone", 5, "db")), "workloadAffinity.required[0].weight applies only to a preferred term");
        yield return Bad("affinityPreferredWeight", r => r.PreferredWorkloadAffinity.Add(Affine("zone", 101, "db")), "workloadAffinity.preferred[0].weight must be 1 to 100, got 101");
        yield return Bad("extendedName", r => r.ExtendedRequests["gpu"] = 1, "resources: \"gpu\" is not an extended resource name");
        yield return Bad("extendedNegative", r => r.ExtendedRequests["edge.io/gpu"] = -1, "resources: edge.io/gpu: must be a whole number from 0 to 1,000,000, got -1");
        yield return Bad("prefixedLabelKey", r => r.RequiredNodeAffinity.Add(Term("Edge_IO/zone", "Exists")),
            "is not a label key");
    }

    [TestCaseSource(nameof(BadRequests))]
    public void ToPlacementRecord_BadField_RefusedNamingIt(Action<Proto.ApplyWorkloadRequest> spoil, string expected)
    {
        var request = Request();
        spoil(request);

        var ex = Assert.Throws<ArgumentException>(() => request.ToPlacementRecord());

        Assert.That(ex!.Message, Does.Contain(expected));
    }

    [TestCase("edge.io/zone", "eu-west_1.a")]
    [TestCase("zone", "")]
    [TestCase("example.com/camera", "A")]
    public void ToPlacementRecord_ValidLabelKeyAndValue_Accepted(string key, string value)
    {
        var request = Request();
        request.RequiredNodeAffinity.Add(Term(key, "In", value));

        Assert.That(request.ToPlacementRecord().RequiredAffinity, Has.Count.EqualTo(1));
    }

    [Test]
    public void ToPlacement_WorkloadAffinityInATenant_NamesTheTenantsWorkloads()
    {
        var request = Request();
        request.Tenant = "shop";
        request.WorkloadAffinity.Add(Affine("zone", 0, "cache"));
        request.PreferredWorkloadAffinity.Add(Affine(PlacementNode.HostnameLabel, 30, "db"));

        var record = new WorkloadRecord { Id = "web.shop", Placement = request.ToPlacementRecord() };
        var placement = record.ToPlacement();

        Assert.Multiple(() =>
        {
            Assert.That(placement.WorkloadAffinity.Single(), Has.Property("TopologyKey").EqualTo("zone"));
            Assert.That(placement.WorkloadAffinity.Single().Workloads, Is.EqualTo(new[] { "cache.shop" }));
            Assert.That(placement.PreferredWorkloadAffinity.Single().Weight, Is.EqualTo(30));
            Assert.That(placement.PreferredWorkloadAffinity.Single().Term.Workloads, Is.EqualTo(new[] { "db.shop" }));
        });
    }

    private static Proto.WorkloadAffinityTerm Affine(string key, int weight, params string[] workloads)
    {
        var term = new Proto.WorkloadAffinityTerm { TopologyKey = key, Weight = weight };
        term.Workloads.Add(workloads);
        return term;
    }

    private static TestCaseData Bad(string name, Action<Proto.ApplyWorkloadRequest> spoil, string expected) =>
        new TestCaseData(spoil, expected).SetName($"ToPlacementRecord_{name}_RefusedNamingIt");

    private static Proto.ApplyWorkloadRequest Request() => new() { Name = "web", Replicas = 1 };

    private static Proto.NodeSelectorTerm Term(string key, string op, params string[] values)
    {
        var requirement = new Proto.NodeSelectorRequirement { Key = key, Operator = op };
        requirement.Values.Add(values);
        var term = new Proto.NodeSelectorTerm();
        term.MatchExpressions.Add(requirement);
        return term;
    }
}
