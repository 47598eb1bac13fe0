using Edge.Ctl.Commands;
using Edge.Ctl.Manifests;
using Edge.Protos.V1;
using Edge.Scheduling;
using ScoringStrategy = Edge.Scheduling.ScoringStrategy;
using Toleration = Edge.Scheduling.Toleration;

namespace Edge.Ctl.Tests.Manifests;

/// <summary>The placement fields of spec and kind: Tenant.</summary>
[TestFixture]
public sealed class PlacementManifestTests
{
    private const string File = "web.yaml";

    private static string Manifest(string spec) => $"""
        apiVersion: edge/v1
        kind: Workload
        metadata:
          name: web
        spec:
          module: web.wat
        {spec}
        """;

    [Test]
    public void Parse_EveryPlacementField_ReadsThemAll()
    {
        var result = WorkloadManifestParser.Parse(Manifest("""
              replicas: 3
              tenant: team-a
              resources: {cpu: 250m, memory: 64Mi}
              nodeSelector: {arch: arm64}
              affinity:
                nodeAffinity:
                  required:
                    - matchExpressions:
                        - {key: zone, operator: In, values: [a, b]}
                        - {key: edge.io/maintenance, operator: DoesNotExist}
                  preferred:
                    - weight: 50
                      preference:
                        matchExpressions: [{key: disk, operator: In, values: [ssd]}]
                workloadAntiAffinity:
                  - {workloads: [db], topologyKey: zone}
              tolerations:
                - {key: edge.io/maintenance, operator: Exists, effect: NoSchedule}
                - {key: site, value: lab}
              topologySpreadConstraints:
                - {topologyKey: zone, maxSkew: 1, whenUnsatisfiable: DoNotSchedule, minDomains: 3, nodeAffinityPolicy: Ignore, nodeTaintsPolicy: Honor}
                - {topologyKey: site, maxSkew: 2, whenUnsatisfiable: ScheduleAnyway}
              priority: 100
              lostAfter: 10m
              strategy: binpack
              maxUnavailable: 2
            """), File);

        Assert.That(result.Errors, Is.Empty, () => string.Join("; ", result.Errors));
        var p = result.Items.Single().Placement;
        Assert.Multiple(() =>
        {
            Assert.That(p.Mode, Is.EqualTo(PlacementMode.Replicated));
            Assert.That(p.Replicas, Is.EqualTo(3));
            Assert.That(p.Tenant, Is.EqualTo("team-a"));
            Assert.That(p.Requests, Is.EqualTo(new ResourceAmount(250, 64L << 20)));
            Assert.That(p.NodeSelector["arch"], Is.EqualTo("arm64"));
            Assert.That(p.Affinity.Required.Single().MatchExpressions.Select(e => e.ToString()), Is.EqualTo(new[] { "zone In (a,b)", "edge.io/maintenance DoesNotExist" }));
            Assert.That(p.Affinity.Preferred.Single().Weight, Is.EqualTo(50));
            Assert.That(p.AntiAffinity.Single(), Is.EqualTo(new WorkloadAntiAffinityTerm(p.AntiAffinity[0].Workloads, "zone")).And.Property("Workloads").EqualTo(new[] { "db" }));
            Assert.That(p.Tolerations[0], Is.EqualTo(new Toleration { Key = "edge.io/maintenance", Operator = TolerationOperator.Exists, Effect = TaintEffect.NoSchedule }));
            Assert.That(p.Tolerations[1], Is.EqualTo(new Toleration { Key = "site", Value = "lab" }));
            Assert.That(p.TopologySpread, Is.EqualTo(new[]
            {
                new TopologySpreadConstraint("zone", 1, UnsatisfiableAction.DoNotSchedule) { MinDomains = 3, NodeAffinityPolicy = NodeInclusionPolicy.Ignore, NodeTaintsPolicy = NodeInclusionPolicy.Honor },
                new TopologySpreadConstraint("site", 2, UnsatisfiableAction.ScheduleAnyway),
            }));
            Assert.That(p.Priority, Is.EqualTo(100));
            Assert.That(p.LostAfter, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(p.Scoring, Is.EqualTo(ScoringStrategy.Binpack));
            Assert.That(p.MaxUnavailable, Is.EqualTo(2));
        });
    }

    [TestCase("", PlacementMode.Global, 0)]
    [TestCase("  mode: global", PlacementMode.Global, 0)]
    [TestCase("  replicas: 2", PlacementMode.Replicated, 2)]
    [TestCase("  replicas: 0", PlacementMode.Replicated, 0)]
    [TestCase("  mode: replicated", PlacementMode.Replicated, 1)]
    public void Parse_ReplicasAndMode_GlobalUnlessReplicasGiven(string spec, PlacementMode mode, int replicas)
    {
        var p = WorkloadManifestParser.Parse(Manifest(spec), File).Items.Single().Placement;

        Assert.That((p.Mode, p.Replicas), Is.EqualTo((mode, replicas)));
    }

    [TestCase("0.5", 500)]
    [TestCase("2", 2000)]
    [TestCase("1500m", 1500)]
    [TestCase("0.001", 1)]
    public void Parse_CpuQuantities_InMillicores(string cpu, long millicores)
    {
        var p = WorkloadManifestParser.Parse(Manifest($"  resources: {{cpu: \"{cpu}\"}}"), File).Items.Single().Placement;

        Assert.That(p.Requests.CpuMillis, Is.EqualTo(millicores));
    }

    [TestCase("replicas: -1", "spec.replicas", "\"-1\" must be a whole number from 0 to 2147483647")]
    [TestCase("replicas: 2\nmode: global", "spec.replicas", "does not apply to mode: global (one replica on every matching node); remove one of the two")]
    [TestCase("mode: daemon", "spec.mode", "\"daemon\" is not one of global, replicated")]
    [TestCase("tenant: Team_A", "spec.tenant", "\"Team_A\" is not a valid tenant name: use 1 to 63 lowercase letters, digits or '-' (RFC 1123 label)")]
    [TestCase("resources: {cpu: 1.5cores}", "spec.resources.cpu", "\"1.5cores\" is not a CPU amount: write millicores (250m) or cores (0.5, 2)")]
    [TestCase("resources: {cpu: 0.0005}", "spec.resources.cpu", "\"0.0005\" is not a CPU amount: write millicores (250m) or cores (0.5, 2)")]
    [TestCase("resources: {memory: 64MB}", "spec.resources.memory", "\"64MB\" is not a size: write bytes (65536) or with Ki, Mi or Gi (64Mi)")]
    [TestCase("resources: {disk: 1}", "spec.resources.disk", "unknown field; spec.resources allows: cpu, memory")]
    [TestCase("resources: {edge.io/gpu: 0.5}", "spec.resources.edge.io/gpu", "must be a whole number of devices from 0 to 1,000,000 (extended resources are counted, never fractions), got \"0.5\"")]
    [TestCase("resources: {edge.io/gpu: 500m}", "spec.resources.edge.io/gpu", "must be a whole number of devices from 0 to 1,000,000 (extended resources are counted, never fractions), got \"500m\"")]
    [TestCase("resources: {Edge.IO/gpu: 1}", "spec.resources.Edge.IO/gpu", "\"Edge.IO/gpu\" is not an extended resource name: a domain prefix and a name, e.g. edge.io/gpu or example.com/camera")]
    [TestCase("affinity: {podAffinity: {}}", "spec.affinity.podAffinity", "unknown field (did you mean \"nodeAffinity\"?); spec.affinity allows: nodeAffinity, workloadAntiAffinity, workloadAffinity")]
    [TestCase("affinity: {workloadAffinity: {required: [{workloads: [db]}]}}", "spec.affinity.workloadAffinity.required[0].topologyKey", "required field is missing")]
    [TestCase("affinity: {workloadAffinity: {required: [{workloads: [], topologyKey: zone}]}}", "spec.affinity.workloadAffinity.required[0].workloads", "name at least one workload (of the same tenant)")]
    [TestCase("affinity: {workloadAffinity: {required: [{workloads: [Db], topologyKey: zone}]}}", "spec.affinity.workloadAffinity.required[0].workloads", "\"Db\" is not a workload name")]
    [TestCase("affinity: {workloadAffinity: {required: [{workloads: [db], topologyKey: \"bad key!\"}]}}", "spec.affinity.workloadAffinity.required[0].topologyKey",
        "\"bad key!\" is not a label key: [prefix/]name, the name 1 to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric")]
    [TestCase("affinity: {workloadAffinity: {preferred: [{weight: 0, workloads: [db], topologyKey: zone}]}}", "spec.affinity.workloadAffinity.preferred[0].weight", "must be from 1 to 100, got 0")]
    [TestCase("affinity: {workloadAffinity: {preferred: [{workloads: [db], topologyKey: zone}]}}", "spec.affinity.workloadAffinity.preferred[0].weight", "required field is missing")]
    [TestCase("affinity: {workloadAffinity: {required: [{workloads: [db], topologyKey: zone, weight: 3}]}}", "spec.affinity.workloadAffinity.required[0].weight", "unknown field; spec.affinity.workloadAffinity.required[0] allows: workloads, topologyKey")]
    [TestCase("affinity: {workloadAffinity: {soft: []}}", "spec.affinity.workloadAffinity.soft", "unknown field; spec.affinity.workloadAffinity allows: required, preferred")]
    [TestCase("mode: global\naffinity: {workloadAffinity: {required: [{workloads: [db], topologyKey: zone}]}}", "spec.affinity.workloadAffinity",
        "does not apply to mode: global (one replica on every matching node); use replicas, or remove it")]
    [TestCase("affinity: {nodeAffinity: {required: [{matchExpressions: [{key: zone, operator: Near, values: [a]}]}]}}",
        "spec.affinity.nodeAffinity.required[0].matchExpressions[0].operator", "\"Near\" is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt")]
    [TestCase("affinity: {nodeAffinity: {required: [{matchExpressions: [{key: zone, operator: In}]}]}}",
        "spec.affinity.nodeAffinity.required[0].matchExpressions[0].values", "operator In needs at least one value")]
    [TestCase("affinity: {nodeAffinity: {required: [{matchExpressions: [{key: zone, operator: Exists, values: [a]}]}]}}",
        "spec.affinity.nodeAffinity.required[0].matchExpressions[0].values", "operator Exists takes no values")]
    [TestCase("affinity: {nodeAffinity: {required: [{matchExpressions: [{key: cores, operator: Gt, values: [many]}]}]}}",
        "spec.affinity.nodeAffinity.required[0].matchExpressions[0].values", "operator Gt takes exactly one whole number")]
    [TestCase("affinity: {nodeAffinity: {required: [{matchExpressions: []}]}}",
        "spec.affinity.nodeAffinity.required[0].matchExpressions", "required: at least one expression (key, operator, values)")]
    [TestCase("affinity: {nodeAffinity: {preferred: [{weight: 200, preference: {matchExpressions: [{key: a, operator: Exists}]}}]}}",
        "spec.affinity.nodeAffinity.preferred[0].weight", "must be from 1 to 100, got 200")]
    [TestCase("affinity: {workloadAntiAffinity: [{workloads: [db]}]}", "spec.affinity.workloadAntiAffinity[0].topologyKey", "required field is missing")]
    [TestCase("affinity: {workloadAntiAffinity: [{workloads: [DB], topologyKey: zone}]}", "spec.affinity.workloadAntiAffinity[0].workloads", "\"DB\" is not a workload name")]
    [TestCase("tolerations: [{key: a, effect: NoRun}]", "spec.tolerations[0].effect", "\"NoRun\" is not one of NoSchedule, PreferNoSchedule, NoExecute")]
    [TestCase("tolerations: [{operator: Equal, value: x}]", "spec.tolerations[0].key", "required with operator Equal (an empty key with operator Exists tolerates every taint)")]
    [TestCase("tolerations: [{key: a, operator: Exists, value: x}]", "spec.tolerations[0].value", "operator Exists takes no value")]
    [TestCase("tolerations: {key: a}", "spec.tolerations", "must be a list, got a mapping")]
    [TestCase("topologySpreadConstraints: [{topologyKey: zone, maxSkew: 0}]", "spec.topologySpreadConstraints[0].maxSkew", "must be from 1 to 100,000, got 0")]
    [TestCase("topologySpreadConstraints: [{maxSkew: 1}]", "spec.topologySpreadConstraints[0].topologyKey", "required field is missing")]
    [TestCase("topologySpreadConstraints: [{topologyKey: zone, whenUnsatisfiable: Maybe}]",
        "spec.topologySpreadConstraints[0].whenUnsatisfiable", "\"Maybe\" is not one of DoNotSchedule, ScheduleAnyway")]
    [TestCase("topologySpreadConstraints: [{topologyKey: zone, minDomains: 0}]", "spec.topologySpreadConstraints[0].minDomains", "must be from 1 to 100,000, got 0")]
    [TestCase("topologySpreadConstraints: [{topologyKey: zone, minDomains: 3, whenUnsatisfiable: ScheduleAnyway}]", "spec.topologySpreadConstraints[0].minDomains", "applies only with whenUnsatisfiable: DoNotSchedule")]
    [TestCase("topologySpreadConstraints: [{topologyKey: zone, nodeAffinityPolicy: Always}]", "spec.topologySpreadConstraints[0].nodeAffinityPolicy", "\"Always\" is not one of Honor, Ignore")]
    [TestCase("topologySpreadConstraints: [{topologyKey: zone, nodeTaintsPolicy: honor}]", "spec.topologySpreadConstraints[0].nodeTaintsPolicy", "\"honor\" is not one of Honor, Ignore")]
    [TestCase("topologySpreadConstraints: [{topologyKey: zone, matchLabelKeys: [rev]}]", "spec.topologySpreadConstraints[0].matchLabelKeys",
        "not supported: a constraint always counts the workload's own replicas, which share one spec (no revisions to tell apart)")]
    [TestCase("affinity: {nodeAffinity: {required: []}}", "spec.affinity.nodeAffinity.required", "an empty list of terms matches no node: give at least one term, or remove required")]
    [TestCase("affinity: {nodeAffinity: {required: [{matchExpressions: [{key: zone, operator: In, values: [\"eu west\"]}]}]}}",
        "spec.affinity.nodeAffinity.required[0].matchExpressions[0].values", "\"eu west\" is not a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric")]
    [TestCase("affinity: {nodeAffinity: {required: [{matchExpressions: [{key: zone, operator: NotIn, values: [-a]}]}]}}",
        "spec.affinity.nodeAffinity.required[0].matchExpressions[0].values", "\"-a\" is not a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric")]
    [TestCase("affinity: {nodeAffinity: {preferred: [{weight: 5, preference: {matchExpressions: [{key: \"bad key!\", operator: Exists}]}}]}}",
        "spec.affinity.nodeAffinity.preferred[0].preference.matchExpressions[0].key", "\"bad key!\" is not a label key: [prefix/]name, the name 1 to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric")]
    [TestCase("priority: high", "spec.priority", "\"high\" must be a whole number (higher places first)")]
    [TestCase("lostAfter: forever", "spec.lostAfter", "\"forever\" is not a positive duration: write e.g. 250ms, 30s, 5m or 1h")]
    [TestCase("strategy: random", "spec.strategy", "\"random\" is not one of spread, binpack")]
    [TestCase("maxUnavailable: 0", "spec.maxUnavailable", "must be from 1 to 100,000, got 0")]
    public void Parse_BadPlacementField_NamesFieldAndProblemAndYieldsNothing(string spec, string field, string problem)
    {
        var result = WorkloadManifestParser.Parse(Manifest("  " + spec.Replace("\n", "\n  ", StringComparison.Ordinal)), File);

        Assert.That(result.Items, Is.Empty);
        Assert.That(result.Errors.Select(e => (e.Field, e.Problem)), Does.Contain((field, problem)), () => string.Join("; ", result.Errors));
    }

    [Test]
    public void Parse_ExtendedResources_RequestedBesideCpuAndMemoryAndSent()
    {
        var result = WorkloadManifestParser.Parse(Manifest("""
              replicas: 1
              resources: {cpu: 100m, memory: 64Mi, edge.io/gpu: 1, example.com/camera: 2, example.com/npu: 0}
            """), File);

        Assert.That(result.Errors, Is.Empty, () => string.Join("; ", result.Errors));
        var p = result.Items.Single().Placement;
        var request = new ApplyWorkloadRequest();
        request.AddPlacement(p);
        Assert.Multiple(() =>
        {
            Assert.That(p.Requests, Is.EqualTo(new ResourceAmount(100, 64 << 20)));
            Assert.That(p.ExtendedRequests, Is.EquivalentTo(new Dictionary<string, long> { ["edge.io/gpu"] = 1, ["example.com/camera"] = 2 }));
            Assert.That(request.ExtendedRequests, Is.EquivalentTo(new Dictionary<string, long> { ["edge.io/gpu"] = 1, ["example.com/camera"] = 2 }));
        });
    }

    [Test]
    public void ParseAll_TenantWithExtendedQuota_RequestsNamesRead()
    {
        var (workloads, tenants) = WorkloadManifestParser.ParseAll("""
            apiVersion: edge/v1
            kind: Tenant
            metadata: {name: vision}
            spec:
              quota: {cpu: "2", requests.edge.io/gpu: 4, requests.example.com/camera: 0}
            """, "t.yaml");
        Assert.That(workloads.Errors, Is.Empty, () => string.Join("; ", workloads.Errors));
        var request = PlacementRequest.ToRequest(tenants.Single());

        Assert.Multiple(() =>
        {
            Assert.That(tenants.Single().Extended, Is.EquivalentTo(new Dictionary<string, long> { ["edge.io/gpu"] = 4, ["example.com/camera"] = 0 }));
            Assert.That(request.Quota.Extended["edge.io/gpu"], Is.EqualTo(4));
        });
    }

    [TestCase("requests.gpu: 1", "spec.quota.requests.gpu", "\"gpu\" is not an extended resource name: a domain prefix and a name, e.g. edge.io/gpu or example.com/camera")]
    [TestCase("requests.edge.io/gpu: -1", "spec.quota.requests.edge.io/gpu", "must be a whole number of devices from 0 to 1,000,000 (extended resources are counted, never fractions), got \"-1\"")]
    [TestCase("edge.io/gpu: 1", "spec.quota.edge.io/gpu", "unknown field; spec.quota allows: cpu, memory, replicas, workloads, storage")]
    public void ParseAll_TenantBadExtendedQuota_NamesFieldAndNothingRead(string line, string field, string problem)
    {
        var (workloads, tenants) = WorkloadManifestParser.ParseAll($$"""
            apiVersion: edge/v1
            kind: Tenant
            metadata: {name: vision}
            spec:
              quota: { {{line}} }
            """, "t.yaml");

        Assert.That(tenants, Is.Empty);
        Assert.That(workloads.Errors.Select(e => (e.Field, e.Problem)), Does.Contain((field, problem)), () => string.Join("; ", workloads.Errors));
    }

    [Test]
    public void Parse_WorkloadAffinity_RequiredAndPreferredTermsReachTheRequest()
    {
        var result = WorkloadManifestParser.Parse(Manifest("""
              replicas: 2
              affinity:
                workloadAffinity:
                  required:
                    - {workloads: [cache, web], topologyKey: zone}
                  preferred:
                    - {weight: 40, workloads: [db], topologyKey: edge.io/hostname}
            """), File);

        Assert.That(result.Errors, Is.Empty, () => string.Join("; ", result.Errors));
        var p = result.Items.Single().Placement;
        var request = new ApplyWorkloadRequest();
        request.AddPlacement(p);
        Assert.Multiple(() =>
        {
            Assert.That(p.WorkloadAffinity.Single().Workloads, Is.EqualTo(new[] { "cache", "web" }));
            Assert.That(p.WorkloadAffinity.Single().TopologyKey, Is.EqualTo("zone"));
            Assert.That(p.PreferredWorkloadAffinity.Single().Weight, Is.EqualTo(40));
            Assert.That(p.PreferredWorkloadAffinity.Single().Term.TopologyKey, Is.EqualTo(PlacementNode.HostnameLabel));
            Assert.That(request.WorkloadAffinity.Single().Workloads, Is.EqualTo(new[] { "cache", "web" }));
            Assert.That(request.WorkloadAffinity.Single().Weight, Is.Zero);
            Assert.That(request.PreferredWorkloadAffinity.Single().Weight, Is.EqualTo(40));
            Assert.That(request.PreferredWorkloadAffinity.Single().Workloads, Is.EqualTo(new[] { "db" }));
        });
    }

    [Test]
    public void ParseAll_TenantAndWorkload_BothRead()
    {
        var (workloads, tenants) = WorkloadManifestParser.ParseAll("""
            apiVersion: edge/v1
            kind: Tenant
            metadata: {name: team-a}
            spec:
              quota: {cpu: "2", memory: 1Gi, replicas: 10, workloads: 3}
            ---
            apiVersion: edge/v1
            kind: Tenant
            metadata: {name: free}
            ---
            """ + "\n" + Manifest("  tenant: team-a\n  replicas: 2"), File);

        Assert.That(workloads.Errors, Is.Empty, () => string.Join("; ", workloads.Errors));
        Assert.Multiple(() =>
        {
            Assert.That(tenants, Is.EqualTo(new[]
            {
                new TenantManifest("team-a") { CpuMillis = 2000, MemoryBytes = 1L << 30, Replicas = 10, Workloads = 3 },
                new TenantManifest("free"),
            }));
            Assert.That(workloads.Items.Single().Placement.Tenant, Is.EqualTo("team-a"));
        });
    }

    [TestCase("spec: {quota: {cpu: lots}}", "spec.quota.cpu", "\"lots\" is not a CPU amount: write millicores (250m) or cores (0.5, 2)")]
    [TestCase("spec: {quota: {pods: 3}}", "spec.quota.pods", "unknown field; spec.quota allows: cpu, memory, replicas, workloads, storage")]
    [TestCase("spec: {limits: {}}", "spec.limits", "unknown field; spec allows: quota")]
    public void ParseAll_BadTenant_NamesFieldAndNothingApplied(string spec, string field, string problem)
    {
        var (workloads, tenants) = WorkloadManifestParser.ParseAll($"apiVersion: edge/v1\nkind: Tenant\nmetadata: {{name: t}}\n{spec}\n", File);

        Assert.Multiple(() =>
        {
            Assert.That(tenants, Is.Empty);
            Assert.That(workloads.Errors.Select(e => (e.Field, e.Problem)), Does.Contain((field, problem)), () => string.Join("; ", workloads.Errors));
        });
    }

    [Test]
    public void ToRequest_Placement_CarriedInTheRequest()
    {
        var manifest = WorkloadManifestParser.Parse(Manifest("""
              replicas: 2
              tenant: team-a
              resources: {cpu: 250m, memory: 64Mi}
              affinity:
                nodeAffinity:
                  required: [{matchExpressions: [{key: zone, operator: In, values: [a]}]}]
              tolerations: [{key: k, operator: Exists}]
              topologySpreadConstraints: [{topologyKey: zone, maxSkew: 1}]
              lostAfter: 30s
              strategy: binpack
            """), File).Items.Single();

        var request = ApplyCommand.ToRequest(new LoadedWorkload(manifest, "web.wat", new byte[] { 1 }));

        Assert.Multiple(() =>
        {
            Assert.That(request.Mode, Is.EqualTo(WorkloadMode.Replicated));
            Assert.That(request.Replicas, Is.EqualTo(2));
            Assert.That(request.Tenant, Is.EqualTo("team-a"));
            Assert.That((request.Requests.CpuMillicores, request.Requests.MemoryBytes), Is.EqualTo((250L, 64L << 20)));
            Assert.That(request.RequiredNodeAffinity.Single().MatchExpressions.Single().Operator, Is.EqualTo("In"));
            Assert.That(request.Tolerations.Single().Operator, Is.EqualTo("Exists"));
            Assert.That(request.TopologySpread.Single().WhenUnsatisfiable, Is.EqualTo("DoNotSchedule"));
            Assert.That(request.LostAfter.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(request.Strategy, Is.EqualTo(Protos.V1.ScoringStrategy.Binpack));
        });
    }

    [TestCase(new[] { "zone=a", "site-" }, null)]
    [TestCase(new[] { "zone" }, "label \"zone\": write key=value to set or key- to remove")]
    [TestCase(new[] { "=a" }, "label \"=a\": write key=value to set or key- to remove")]
    public void ParseLabels_ArgumentsChecked(string[] args, string? problem)
    {
        var request = new LabelNodeRequest();

        Assert.That(NodeArgs.ParseLabels(args, request), Is.EqualTo(problem));
        if (problem is null)
        {
            Assert.That((request.Set["zone"], request.Remove.Single()), Is.EqualTo(("a", "site")));
        }
    }

    [TestCase(new[] { "edge.io/maintenance=true:NoSchedule", "gpu:PreferNoSchedule", "old-", "x:NoExecute-" }, null)]
    [TestCase(new[] { "k=v" }, "taint \"k=v\": write key=value:Effect or key:Effect, Effect one of NoSchedule, PreferNoSchedule, NoExecute")]
    [TestCase(new[] { "k=v:Sometimes" }, "taint \"k=v:Sometimes\": write key=value:Effect or key:Effect, Effect one of NoSchedule, PreferNoSchedule, NoExecute")]
    [TestCase(new[] { "k=v-" }, "taint \"k=v-\": write key- or key:Effect- to remove")]
    public void ParseTaints_ArgumentsChecked(string[] args, string? problem)
    {
        var request = new TaintNodeRequest();

        Assert.That(NodeArgs.ParseTaints(args, request), Is.EqualTo(problem));
        if (problem is null)
        {
            Assert.Multiple(() =>
            {
                Assert.That(request.Add.Select(t => $"{t.Key}|{t.Value}|{t.Effect}"), Is.EqualTo(new[] { "edge.io/maintenance|true|NoSchedule", "gpu||PreferNoSchedule" }));
                Assert.That(request.Remove, Is.EqualTo(new[] { "old", "x:NoExecute" }));
            });
        }
    }
}
