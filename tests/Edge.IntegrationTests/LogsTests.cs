using System.Text.RegularExpressions;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Edge.IntegrationTests;

/// <summary>
/// <c>edgectl logs</c> as a workload's author meets it, with a real controller, real agents
/// killed with SIGKILL and the real edgectl: a job's stdout and stderr, an HTTP workload's lines
/// under concurrent requests, following across an agent restart, and an offline node.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed partial class LogsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Logs_OfAJobWithARetry_ShowEveryLineWithTimeNodeInvocationAndStream()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1", null, "--set", "Agent:JobBackoff=00:00:00.200");
        var request = JobPhaseTests.Job("crunch", JobPhaseTests.FailingJob);
        request.Job = new JobSpec { RestartPolicy = "OnFailure", BackoffLimit = 1 };
        await fleet.Admin.ApplyWorkloadAsync(request, deadline: LocalFleet.Deadline());
        await Eventually.Until(() => fleet.WorkloadAsync("crunch"), w => w.ReplicasFailed == 1, Bound, "crunch Failed after its retry");

        var all = await Eventually.Until(() => fleet.EdgectlAsync("logs", "crunch"), r => Lines(r.Output).Count == 6, Bound, "both runs' lines");
        var (_, previous) = await fleet.EdgectlAsync("logs", "crunch", "--previous");
        var (_, tail) = await fleet.EdgectlAsync("logs", "crunch", "--tail", "1");

        var lines = Lines(all.Output);
        Assert.Multiple(() =>
        {
            Assert.That(all.Code, Is.Zero, all.Output);
            Assert.That(lines.Select(l => (l.Node, l.Stream, l.Text)), Is.EqualTo(new[]
            {
                ("node-1", "stderr", "starting"),
                ("node-1", "stderr", "boom: disk full"),
                ("node-1", "stderr", "[edge] run failed: exited with code 3; stderr: boom: disk full"),
                ("node-1", "stderr", "starting"),
                ("node-1", "stderr", "boom: disk full"),
                ("node-1", "stderr", "[edge] run failed: exited with code 3; stderr: boom: disk full"),
            }));
            Assert.That(lines.Select(l => l.Invocation).Distinct().Count(), Is.EqualTo(2), "two runs, each its own invocation id");
            Assert.That(lines.Select(l => l.Time), Is.Ordered);
            Assert.That(Lines(previous).Select(l => l.Invocation).Distinct(), Is.EqualTo(new[] { lines[0].Invocation }), "--previous: the run before the last");
            Assert.That(Lines(tail).Select(l => l.Text), Is.EqualTo(new[] { "[edge] run failed: exited with code 3; stderr: boom: disk full" }));
        });
    }

    [Test]
    public async Task Logs_HttpWorkloadUnderConcurrentRequests_EveryLineWholeAndOnce()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var triggerPort = Ports.Free();
        fleet.StartAgent("node-1", null, "--set", $"Agent:TriggerListen=http://127.0.0.1:{triggerPort}");
        await fleet.ApplyEchoAsync("node-1", Bound);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var bodies = Enumerable.Range(0, 64).Select(i => $"request {i:00} " + new string((char)('a' + (i % 26)), 300)).ToList();

        var answers = await Task.WhenAll(bodies.Select(async b =>
        {
            using var answer = await http.PostAsync($"http://127.0.0.1:{triggerPort}/w/echo", new StringContent(b + "\n"));
            return answer.IsSuccessStatusCode;
        }));
        Assert.That(answers, Is.All.True);

        var logs = await Eventually.Until(async () => (await fleet.Admin.GetLogsAsync(new GetLogsRequest { Workload = "echo" }, deadline: LocalFleet.Deadline())).Lines,
            l => l.Count(x => x.Line.Text.StartsWith("request ", StringComparison.Ordinal)) >= bodies.Count, Bound, "every request's line");

        // echo answers with a CGI header block, then the body: the body's line is the one to find whole.
        var stdout = logs.Where(l => l.Line.Stream == "stdout" && l.Line.Text.StartsWith("request ", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(stdout.Select(l => l.Line.Text), Is.EquivalentTo(bodies), "each line whole, once, never mixed with another run's");
            Assert.That(stdout.Select(l => l.Line.Invocation), Is.Unique);
            Assert.That(logs.Count(l => l.Line.Stream == "stdout"), Is.EqualTo(3 * bodies.Count), "a header line, a blank line and the body per run");
            Assert.That(logs.Count(l => l.Line.Stream == "edge.log"), Is.EqualTo(bodies.Count), "edge.log lines of each run too");
        });
    }

    [Test]
    public async Task Logs_Follow_KeepsPrintingAcrossAnAgentRestartWithoutRepeatingLines()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        var request = JobPhaseTests.Workload("tick", TickerModule);
        request.Triggers.Add(new Trigger { Kind = TriggerKind.Interval, Interval = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(300)) });
        await fleet.Admin.ApplyWorkloadAsync(request, deadline: LocalFleet.Deadline());
        using var follower = ChildProcess.Start("edgectl-follow", Repo.CtlDll, ["--controller", fleet.ControllerUrl, "logs", "tick", "-f"]);
        await Eventually.Until(() => Lines(follower.Output).Count >= 2, Bound, "the follower prints lines");

        await JobPhaseTests.RestartAgentAsync(fleet, "node-1");
        var boots = await Eventually.Until(() => Task.FromResult(Lines(follower.Output).Select(l => l.Invocation.Split('-')[0]).Distinct().Count()),
            n => n >= 2, Bound, "lines from the restarted agent");

        var printed = Lines(follower.Output);
        Assert.Multiple(() =>
        {
            Assert.That(boots, Is.EqualTo(2));
            Assert.That(follower.HasExited, Is.False, "still following");
            Assert.That(printed.Select(l => l.Invocation), Is.Unique, "no line printed twice");
            Assert.That(follower.OutputContains("warning: node node-1 is offline (last seen"), Is.True, "the outage is said while it lasts");
        });
    }

    [Test]
    public async Task Logs_NodeOffline_SaysSoWithTheOthersLinesAndDoesNotHang()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        fleet.StartAgent("node-2");
        await fleet.Admin.ApplyWorkloadAsync(JobPhaseTests.Job("report", JobPhaseTests.SucceedingJob), deadline: LocalFleet.Deadline());
        await Eventually.Until(() => fleet.WorkloadAsync("report"), w => w.ReplicasSucceeded == 2, Bound, "report Succeeded on both nodes");
        fleet.Agent("node-2").Kill();
        await Eventually.Until(() => fleet.NodeAsync("node-2"), n => n.Condition == NodeCondition.Disconnected, Bound, "node-2 Disconnected");

        var (code, output) = await fleet.EdgectlAsync("logs", "report");
        var (onlyCode, only) = await fleet.EdgectlAsync("logs", "report", "--node", "node-2");
        var refused = Assert.ThrowsAsync<RpcException>(async () => await fleet.Admin.GetLogsAsync(new GetLogsRequest { Workload = "report", Tail = -1 }, deadline: LocalFleet.Deadline()));
        var unknown = Assert.ThrowsAsync<RpcException>(async () => await fleet.Admin.GetLogsAsync(new GetLogsRequest { Workload = "nobody" }, deadline: LocalFleet.Deadline()));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(Lines(output).Select(l => (l.Node, l.Stream, l.Text)), Is.EqualTo(new[] { ("node-1", "stdout", "report done") }));
            Assert.That(output, Does.Match(@"warning: node node-2 is offline \(last seen \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)"));
            Assert.That(onlyCode, Is.EqualTo(1), only);
            Assert.That(only, Does.Contain("warning: node node-2 is offline (last seen"));
            Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(refused.Status.Detail, Is.EqualTo("tail -1 must be between 0 (every line) and 100000"));
            Assert.That(unknown!.StatusCode, Is.EqualTo(StatusCode.NotFound));
        });
    }

    [Test]
    public async Task Logs_BinaryOutput_IsEscapedSoTheLineStaysOneLine()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        await fleet.Admin.ApplyWorkloadAsync(JobPhaseTests.Job("bin", BinaryModule), deadline: LocalFleet.Deadline());
        await Eventually.Until(() => fleet.WorkloadAsync("bin"), w => w.ReplicasSucceeded == 1, Bound, "bin Succeeded");

        var (code, output) = await Eventually.Until(() => fleet.EdgectlAsync("logs", "bin"), r => Lines(r.Output).Count > 0, Bound, "bin's line");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(Lines(output).Select(l => l.Text), Is.EqualTo(new[] { @"bin \x1b[31mred\xff\x00end" }));
            Assert.That(output, Does.Not.Contain("\u001b"), "no raw escape byte reaches the terminal");
        });
    }

    /// <summary>Writes a line with an ANSI escape, an invalid UTF-8 byte and a NUL to stdout.</summary>
    private const string BinaryModule = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "bin \1b[31mred\ff\00end\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 18))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """;

    /// <summary>Prints "tick" to stdout on every run.</summary>
    private static readonly string TickerModule = JobPhaseTests.Printing(1, "tick\n");

    internal sealed record PrintedLine(string Time, string Node, string Invocation, string Stream, string Text);

    /// <summary>edgectl logs' lines: TIME NODE INVOCATION STREAM TEXT; warnings and other lines left out.</summary>
    internal static List<PrintedLine> Lines(string output) =>
        [.. output.Split('\n').Select(l => LineFormat().Match(l)).Where(m => m.Success)
            .Select(m => new PrintedLine(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value, m.Groups[5].Value))];

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\S+) (\S+) (stdout|stderr|edge\.log) (.*)$")]
    private static partial Regex LineFormat();
}
