using Edge.Ctl.Simulation;
using Edge.Scheduling;

namespace Edge.Ctl.Tests.Simulation;

/// <summary>edgectl simulate takes a workload's anti-affinity and spread fields as a Workload manifest does.</summary>
public sealed class ScenarioPlacementFieldsTests
{
    private static string Scenario(string workloadLines) => $"""
        apiVersion: edge/v1
        kind: Scenario
        metadata: {"{"}name: s{"}"}
        spec:
          duration: 1m
          nodes:
            - {"{"}name: n1, cpu: 4, memory: 4Gi{"}"}
          workloads:
            - name: api
              cpu: 100m
              memory: 64Mi
        {workloadLines}
        """;

    [Test]
    public void Parse_AntiAffinityAndSpreadFields_Read()
    {
        var result = ScenarioParser.Parse(Scenario("""
                  workloadAntiAffinity: [{workloads: [db], topologyKey: zone}]
                  topologySpreadConstraints:
                    - {topologyKey: zone, maxSkew: 1, minDomains: 2, nodeAffinityPolicy: Ignore, nodeTaintsPolicy: Honor}
            """), "s.yaml");

        Assert.That(result.Errors, Is.Empty, () => string.Join("; ", result.Errors));
        var w = result.Items.Single().Workloads.Single().Spec;
        Assert.Multiple(() =>
        {
            Assert.That(w.AntiAffinity.Single().Workloads, Is.EqualTo(new[] { "db" }));
            Assert.That(w.AntiAffinity.Single().TopologyKey, Is.EqualTo("zone"));
            Assert.That(w.TopologySpread.Single(), Is.EqualTo(new TopologySpreadConstraint("zone", 1, UnsatisfiableAction.DoNotSchedule)
            {
                MinDomains = 2, NodeAffinityPolicy = NodeInclusionPolicy.Ignore, NodeTaintsPolicy = NodeInclusionPolicy.Honor,
            }));
        });
    }

    [Test]
    public void Parse_ExtendedResourcesAndMaxWorkloads_OnNodesTemplatesWorkloadsAndQuotas()
    {
        var result = ScenarioParser.Parse("""
            apiVersion: edge/v1
            kind: Scenario
            metadata: {name: s}
            spec:
              duration: 1m
              nodes:
                - {name: n1, cpu: 4, memory: 4Gi, maxWorkloads: 3, extendedResources: {edge.io/gpu: 1}}
              nodeGroups:
                - name: jetson
                  max: 2
                  template: {cpu: 8, memory: 8Gi, maxWorkloads: 4, extendedResources: {edge.io/gpu: 2, example.com/camera: 1}}
              quotas:
                - {tenant: default, extendedResources: {edge.io/gpu: 3}}
              workloads:
                - {name: vision, cpu: 100m, memory: 64Mi, extendedResources: {edge.io/gpu: 1}}
            """, "s.yaml");

        Assert.That(result.Errors, Is.Empty, () => string.Join("; ", result.Errors));
        var s = result.Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(s.Nodes.Single().ExtendedResources["edge.io/gpu"], Is.EqualTo(1));
            Assert.That(s.Nodes.Single().MaxWorkloads, Is.EqualTo(3));
            Assert.That(s.NodeGroups.Single().Template.MaxWorkloads, Is.EqualTo(4));
            Assert.That(s.NodeGroups.Single().Template.ExtendedResources, Is.EquivalentTo(new Dictionary<string, long> { ["edge.io/gpu"] = 2, ["example.com/camera"] = 1 }));
            Assert.That(s.Quotas.Single().Extended["edge.io/gpu"], Is.EqualTo(3));
            Assert.That(s.Workloads.Single().Spec.ExtendedRequests["edge.io/gpu"], Is.EqualTo(1));
        });
    }

    [TestCase("      extendedResources: {gpu: 1}", "\"gpu\" is not an extended resource name")]
    [TestCase("      extendedResources: {edge.io/gpu: 0.5}", "must be a whole number from 0 to 1,000,000, got \"0.5\"")]
    public void Parse_BadExtendedResource_Refused(string lines, string problem)
    {
        var result = ScenarioParser.Parse(Scenario(lines), "s.yaml");

        Assert.That(result.Errors.Select(e => e.Problem), Has.Some.Contains(problem), () => string.Join("; ", result.Errors));
    }

    [Test]
    public void Parse_WorkloadAffinity_RequiredAndPreferredRead()
    {
        var result = ScenarioParser.Parse(Scenario("""
                  workloadAffinity:
                    required: [{workloads: [db], topologyKey: zone}]
                    preferred: [{weight: 30, workloads: [cache], topologyKey: site}]
            """), "s.yaml");

        Assert.That(result.Errors, Is.Empty, () => string.Join("; ", result.Errors));
        var w = result.Items.Single().Workloads.Single().Spec;
        Assert.Multiple(() =>
        {
            Assert.That(w.WorkloadAffinity.Single().Workloads, Is.EqualTo(new[] { "db" }));
            Assert.That(w.WorkloadAffinity.Single().TopologyKey, Is.EqualTo("zone"));
            Assert.That(w.PreferredWorkloadAffinity.Single().Weight, Is.EqualTo(30));
            Assert.That(w.PreferredWorkloadAffinity.Single().Term.Workloads, Is.EqualTo(new[] { "cache" }));
        });
    }

    [TestCase("      topologySpreadConstraints: [{topologyKey: zone, nodeTaintsPolicy: Always}]", "\"Always\" is not one of Honor, Ignore")]
    [TestCase("      topologySpreadConstraints: [{topologyKey: zone, minDomains: 3, whenUnsatisfiable: ScheduleAnyway}]", "applies only with whenUnsatisfiable: DoNotSchedule")]
    [TestCase("      workloadAntiAffinity: [{workloads: [db]}]", "required")]
    [TestCase("      workloadAffinity: {required: [{workloads: [db], topologyKey: \"bad key\"}]}", "is not a label key")]
    [TestCase("      workloadAffinity: {preferred: [{workloads: [db], topologyKey: zone, weight: 101}]}", "101")]
    [TestCase("      workloadAffinity: {required: [{workloads: [], topologyKey: zone}]}", "name at least one workload")]
    [TestCase("      workloadAffinity: {required: [{workloads: [db], topologyKey: zone, weight: 5}]}", "unknown field")]
    public void Parse_BadPlacementField_Refused(string lines, string problem)
    {
        var result = ScenarioParser.Parse(Scenario(lines), "s.yaml");

        Assert.That(result.Errors.Select(e => e.Problem), Has.Some.Contains(problem), () => string.Join("; ", result.Errors));
    }
}
