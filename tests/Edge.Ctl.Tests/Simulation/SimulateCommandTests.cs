using System.Text.Json;
using Edge.Ctl.Tests.Support;

namespace Edge.Ctl.Tests.Simulation;

/// <summary>
/// <c>edgectl simulate</c> over the sample scenarios in samples/simulate, run through the real
/// command line. The expected timeline entries follow from the HPA and Cluster Autoscaler
/// rules; the arithmetic is beside each.
/// </summary>
public sealed class SimulateCommandTests
{
    private static string Sample(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Edge.sln not found"), "samples", "simulate", name);
    }

    private static async Task<CtlRun> SimulateAsync(string sample, params string[] more)
    {
        var run = await CtlRun.RunAsync(["simulate", "-f", Sample(sample), .. more]);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        return run;
    }

    [Test]
    public async Task Simulate_Burst_ScalesOutWithinPoliciesAddsANodeAndScalesBackAfterTheWindow()
    {
        var run = await SimulateAsync("burst.yaml");

        // 5 m: 7000m over 4 ready replicas of 500m = 350% vs 70% → ratio 5 → 20; default policies: max(4 × 2, 4 + 4) = 8.
        Assert.That(run.Out, Does.Match(@"05:00\s+workload/api\s+scale-up\s+4→8\s"));

        // 5 m 30 s: 20 × 500m = 10 cores > the gateways' 8 → 4 replicas pending; one 4-core pi node holds all 4.
        Assert.That(run.Out, Does.Match(@"05:30\s+nodegroup/pi\s+request-nodes\s+0→1\s+4 pending"));

        // 90 s provider delay → registered at 7:00.
        Assert.That(run.Out, Does.Match(@"07:00\s+node/pi-1\s+node-ready"));

        // 25 m: 1000m / 20 = 50m each = 10% → ratio 1/7 → 3, held by the 300 s window until the last 20 at 24:45 leaves it: 29:45.
        Assert.That(run.Out, Does.Match(@"25:00\s+workload/api\s+hold\s+20\s+ScaleDownStabilized"));
        Assert.That(run.Out, Does.Match(@"29:45\s+workload/api\s+scale-down\s+20→3\s"));

        // The emptied pi node goes after 10 unneeded minutes: 39:45.
        Assert.That(run.Out, Does.Match(@"39:45\s+node/pi-1\s+remove-node"));
    }

    [Test]
    public async Task Simulate_Devices_PendingGpuReplicasAskTheGroupWhoseTemplateHasGpus()
    {
        var run = await SimulateAsync("devices.yaml");

        // 5 replicas × 1 GPU; jetson's template has 2 GPUs → 3 nodes; pi's template has none, so it cannot help.
        Assert.That(run.Out, Does.Match(@"00:00\s+nodegroup/jetson\s+request-nodes\s+0→3\s+5 pending"));
        Assert.That(run.Out, Does.Contain("not chosen: pi: vision: insufficient edge.io/gpu on the template"));
        Assert.That(run.Out, Does.Not.Contain("nodegroup/pi"));
        // Each jetson node's GPUs are taken: no replica fits elsewhere, so none is removed.
        Assert.That(run.Out, Does.Match(@"node/jetson-1\s+keep-node\s+-\s+.*fits on no other node"));
        Assert.That(run.Out, Does.Contain("vision 5/5 running"));
    }

    [Test]
    public async Task Simulate_ScaleToZero_WakesIsCappedByQuotaAndReturnsToZero()
    {
        var run = await SimulateAsync("scale-to-zero.yaml", "-o", "json");
        using var json = JsonDocument.Parse(run.Out);
        var events = json.RootElement.GetProperty("events").EnumerateArray()
            .Select(e => (At: e.GetProperty("at").GetString(), Action: e.GetProperty("action").GetString(), To: e.GetProperty("to").ValueKind == JsonValueKind.Number ? e.GetProperty("to").GetInt32() : -1, Reason: e.GetProperty("reason").GetString()!))
            .ToList();

        // 1 m: 3 invocations wake it; queue 12 at 5 per replica → ceil(12 / 5) = 3 (≤ 0 + 4 Pods policy).
        Assert.That(events, Has.Some.Matches<(string? At, string? Action, int To, string Reason)>(e => e is { At: "01:00", Action: "wake", To: 3 }));

        // 2 m: queue 60 → 12; policy 3 + 4 = 7; quota of 6 replicas → 3 more → 6, and says so.
        Assert.That(events, Has.Some.Matches<(string? At, string? Action, int To, string Reason)>(e => e.At == "02:00" && e.To == 6 && e.Reason.Contains("QuotaExceeded", StringComparison.Ordinal)));

        // 5 m: queue 0 → 0; the 60 s window holds 12s recorded up to 4:45 → 5:45 to zero.
        Assert.That(events, Has.Some.Matches<(string? At, string? Action, int To, string Reason)>(e => e is { At: "05:45", Action: "scale-down", To: 0 }));
        Assert.That(json.RootElement.GetProperty("finalReplicas").GetProperty("worker").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task Simulate_NodeGroups_FailingGroupBacksOffAndKeptNodeSaysWhy()
    {
        var run = await SimulateAsync("node-groups.yaml");

        // priority 10 > 0 → vm first; its request fails at 2:00 (2 min delay) → 5 min backoff; pi is asked instead.
        Assert.That(run.Out, Does.Match(@"00:00\s+nodegroup/vm\s+request-nodes\s+0→1\s.*priority kept 1 of 2"));
        Assert.That(run.Out, Does.Match(@"02:00\s+nodegroup/vm\s+node-failed\s.*backing off for 5 min"));
        Assert.That(run.Out, Does.Match(@"02:00\s+nodegroup/pi\s+request-nodes\s+2→3\s.*vm: backed off"));
        Assert.That(run.Out, Does.Contain("fits on no other node"));
    }

    [Test]
    public async Task Simulate_SameScenarioTwice_SameTimeline()
    {
        var first = await SimulateAsync("node-groups.yaml", "-o", "json");
        var second = await SimulateAsync("node-groups.yaml", "-o", "json");

        Assert.That(second.Out, Is.EqualTo(first.Out));
    }

    [Test]
    public async Task Simulate_BadScenario_EveryProblemNamedWithLineAndField()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("bad.yaml", """
            apiVersion: edge/v1
            kind: Scenario
            spec:
              duration: soon
              nodeGroups:
                - name: pi
                  min: 3
                  max: 2
                  template: {cpu: 4, memory: 4Gi}
              workloads:
                - name: api
                  cpu: 500m
                  memory: 256Mi
                  autoscaler:
                    maxReplicas: 5
                    metrics:
                      - type: Resource
                        name: gpu
                        utilization: 80
                    behavior:
                      scaleUp:
                        selectPolicy: Fastest
              timeline:
                - at: 1m
                  workload: web
                  metrics: {cpu: lots}
            """);

        var run = await CtlRun.RunAsync("simulate", "-f", path);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(run.Out, Is.Empty, "nothing is simulated");
        Assert.That(run.Error, Does.Contain("bad.yaml:4:13: spec.duration: must be a duration"));
        Assert.That(run.Error, Does.Contain("spec.nodeGroups[0].max: must be at least min (3), got 2"));
        Assert.That(run.Error, Does.Contain("spec.workloads[0].autoscaler.behavior.scaleUp.selectPolicy: must be Max, Min or Disabled"));
        Assert.That(run.Error, Does.Contain("spec.timeline[0].workload: no workload named \"web\""));
        Assert.That(run.Error, Does.Contain("spec.timeline[0].metrics.cpu: must be a number"));
    }

    [Test]
    public async Task Simulate_AutoscalerSpecInvalid_NamesTheMetric()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("gpu.yaml", """
            apiVersion: edge/v1
            kind: Scenario
            spec:
              duration: 1m
              workloads:
                - name: api
                  cpu: 500m
                  memory: 256Mi
                  autoscaler:
                    maxReplicas: 5
                    metrics:
                      - {type: Resource, name: gpu, utilization: 80}
            """);

        var run = await CtlRun.RunAsync("simulate", "-f", path);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(run.Error, Does.Contain("spec.workloads[0].autoscaler: metric gpu: a Resource metric is cpu or memory"));
    }

    [Test]
    public async Task Simulate_UnknownFieldAndMissingFile_ClearErrors()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("typo.yaml", "apiVersion: edge/v1\nkind: Scenario\nspec:\n  duration: 1m\n  workload: []\n");

        var typo = await CtlRun.RunAsync("simulate", "-f", path);
        var missing = await CtlRun.RunAsync("simulate", "-f", Path.Combine(dir.Path, "nope.yaml"));

        Assert.That(typo.Error, Does.Contain("spec.workload: unknown field"));
        Assert.That(missing.Error, Does.Contain("nope.yaml: file not found"));
        Assert.That(missing.ExitCode, Is.EqualTo(ExitCodes.Usage));
    }
}
