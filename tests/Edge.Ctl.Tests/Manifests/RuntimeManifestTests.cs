using Edge.Agent.Core;
using Edge.Ctl.Commands;
using Edge.Ctl.Manifests;

namespace Edge.Ctl.Tests.Manifests;

/// <summary>spec.pool, spec.limits and spec.triggers.</summary>
[TestFixture]
public sealed class RuntimeManifestTests
{
    private const string File = "echo.yaml";

    private static string Manifest(string spec) => $"""
        apiVersion: edge/v1
        kind: Workload
        metadata:
          name: echo
        spec:
          module: echo.wat
        {spec}
        """;

    [Test]
    public void Parse_PoolLimitsAndEveryTriggerKind_ReadsThemAll()
    {
        var result = WorkloadManifestParser.Parse(Manifest("""
              pool: {minWarm: 0, maxConcurrency: 8, maxQueue: 50, idleAfter: 30s}
              limits: {timeout: 250ms, fuel: 1000000, memory: 16Mi, maxOutput: 64Ki}
              triggers:
                - kind: http
                - kind: mqtt
                  topic: sensors/+/temp
                  replyTopic: alerts/temp
                - kind: interval
                  every: 5m
                - kind: once
            """), File);

        Assert.That(result.Errors, Is.Empty, () => string.Join("; ", result.Errors));
        var m = result.Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(m.Pool, Is.EqualTo(new PoolSpec { MinWarm = 0, MaxConcurrency = 8, MaxQueue = 50, IdleAfter = TimeSpan.FromSeconds(30) }));
            Assert.That(m.Limits, Is.EqualTo(new LimitsSpec { Timeout = TimeSpan.FromMilliseconds(250), Fuel = 1_000_000, MemoryBytes = 16 << 20, MaxOutputBytes = 64 << 10 }));
            Assert.That(m.Triggers.Select(t => t.Kind), Is.EqualTo(new[] { TriggerKind.Http, TriggerKind.Mqtt, TriggerKind.Interval, TriggerKind.Once }));
            Assert.That(m.Triggers[1].Topic, Is.EqualTo("sensors/+/temp"));
            Assert.That(m.Triggers[1].ReplyTopic, Is.EqualTo("alerts/temp"));
            Assert.That(m.Triggers[2].Interval, Is.EqualTo(TimeSpan.FromMinutes(5)));
        });
    }

    [TestCase("triggers:\n    - kind: webhook", "spec.triggers[0].kind", "\"webhook\" is not a trigger kind: use one of http, mqtt, interval, once")]
    [TestCase("triggers:\n    - kind: mqtt", "spec.triggers[0].topic", "required field is missing: the MQTT topic filter to subscribe to")]
    [TestCase("triggers:\n    - kind: http\n      every: 5s", "spec.triggers[0].every", "does not apply to a http trigger; it allows: kind")]
    [TestCase("triggers:\n    - kind: interval", "spec.triggers[0].every", "required field is missing")]
    [TestCase("triggers:\n    - kind: interval\n      every: soon", "spec.triggers[0].every", "\"soon\" is not a positive duration: write e.g. 250ms, 30s, 5m or 1h")]
    [TestCase("triggers:\n    - kind: interval\n      every: 10ms", "spec", "triggers[0] (interval): interval 10 ms must be at least 100 ms")]
    [TestCase("triggers: http", "spec.triggers", "must be a list of triggers, got a string")]
    [TestCase("limits: {memory: 16MB}", "spec.limits.memory", "\"16MB\" is not a size: write bytes (65536) or with Ki, Mi or Gi (64Mi)")]
    [TestCase("limits: {fuel: -1}", "spec.limits.fuel", "\"-1\" must be a whole number from 0 to 2147483647")]
    [TestCase("limits: {timeot: 1s}", "spec.limits.timeot", "unknown field (did you mean \"timeout\"?); spec.limits allows: timeout, fuel, memory, maxOutput")]
    [TestCase("pool: {minWarm: 5, maxConcurrency: 2}", "spec", "pool.minWarm 5 must be between 0 and pool.maxConcurrency (2)")]
    [TestCase("pool: {maxConcurrency: 0}", "spec", "pool.maxConcurrency 0 must be between 1 and 10000")]
    public void Parse_BadRuntimeField_NamesFieldAndProblem(string spec, string field, string problem)
    {
        var result = WorkloadManifestParser.Parse(Manifest("  " + spec.Replace("\n", "\n  ", StringComparison.Ordinal)), File);

        Assert.That(result.Items, Is.Empty);
        Assert.That(result.Errors.Select(e => (e.Field, e.Problem)), Does.Contain((field, problem)), () => string.Join("; ", result.Errors));
    }

    [Test]
    public void ToRequest_PoolLimitsAndTriggers_AreSentOnlyWhenWritten()
    {
        var bare = WorkloadManifestParser.Parse(Manifest(""), File).Items.Single();
        var full = WorkloadManifestParser.Parse(Manifest("""
              pool: {minWarm: 0}
              limits: {timeout: 2s}
              triggers: [{kind: mqtt, topic: in/#, replyTopic: out}]
            """), File).Items.Single();

        var bareRequest = ApplyCommand.ToRequest(new LoadedWorkload(bare, "echo.wat", new byte[] { 1 }));
        var fullRequest = ApplyCommand.ToRequest(new LoadedWorkload(full, "echo.wat", new byte[] { 1 }));

        Assert.Multiple(() =>
        {
            Assert.That(bareRequest.Pool, Is.Null);
            Assert.That(bareRequest.Limits, Is.Null);
            Assert.That(bareRequest.Triggers, Is.Empty);
            Assert.That(fullRequest.Pool.HasMinWarm && fullRequest.Pool.MinWarm == 0, Is.True);
            Assert.That(fullRequest.Limits.Timeout.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(fullRequest.Triggers.Single().Kind, Is.EqualTo(Protos.V1.TriggerKind.Mqtt));
            Assert.That(fullRequest.Triggers.Single().Topic, Is.EqualTo("in/#"));
            Assert.That(fullRequest.Triggers.Single().ReplyTopic, Is.EqualTo("out"));
        });
    }
}
