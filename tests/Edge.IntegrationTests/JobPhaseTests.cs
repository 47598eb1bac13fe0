using System.Net;
using System.Text;
using Edge.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Edge.IntegrationTests;

/// <summary>
/// Jobs as their authors meet them, with a real controller and real agents killed with SIGKILL:
/// a job ends Succeeded or Failed (exit code, reason, last stderr line), is retried as its
/// backoffLimit says, and stays finished across restarts of the agent and of the controller.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class JobPhaseTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>Writes "report done" to stdout and returns.</summary>
    internal static readonly string SucceedingJob = Printing(1, "report done\n");

    /// <summary>Writes two lines to stderr and exits with code 3.</summary>
    internal static readonly string FailingJob = Printing(2, "starting\nboom: disk full\n", exitCode: 3);

    /// <summary>Prints what WAGI reads as a Status header, a blank line and a body.</summary>
    private static readonly string HeaderLikeOutput = Printing(1, "Status: 404 Not Found\n\nnot a header\n");

    /// <summary>A module that writes <paramref name="text"/> (ASCII) to file descriptor <paramref name="fd"/>, then returns or exits with <paramref name="exitCode"/>.</summary>
    internal static string Printing(int fd, string text, int? exitCode = null)
    {
        var escaped = text.Replace("\n", "\\n", StringComparison.Ordinal);
        var exit = exitCode is null ? "" : """(import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))""";
        var call = exitCode is { } c ? $"(call $exit (i32.const {c}))" : "";
        return $$"""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              {{exit}}
              (memory (export "memory") 1)
              (data (i32.const 16) "{{escaped}}")
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const {{text.Length}}))
                (drop (call $fd_write (i32.const {{fd}}) (i32.const 0) (i32.const 1) (i32.const 8)))
                {{call}}))
            """;
    }

    [Test]
    public async Task Job_ExitsZero_IsSucceededAndStaysSoAcrossAgentAndControllerRestarts()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        await fleet.Admin.ApplyWorkloadAsync(Job("report", SucceedingJob), deadline: LocalFleet.Deadline());

        var workload = await Eventually.Until(() => fleet.WorkloadAsync("report"), w => w.ReplicasSucceeded == 1, Bound, "report Succeeded");
        var status = (await fleet.NodeAsync("node-1")).Workloads.Single(w => w.Name == "report");
        Assert.Multiple(() =>
        {
            Assert.That(workload.ReplicasRunning, Is.Zero, "a finished job is not running");
            Assert.That(workload.ReplicasFailed, Is.Zero);
            Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Succeeded));
            Assert.That(status.ExitCode, Is.Zero);
            Assert.That(status.Attempts, Is.EqualTo(1));
        });

        await RestartAgentAsync(fleet, "node-1");
        var after = await Eventually.Until(() => fleet.NodeAsync("node-1"),
            n => n.Condition == NodeCondition.Ready && n.Workloads.Any(w => w.Name == "report"), Bound, "node-1 reports report after its restart");
        Assert.That(after.Workloads.Single(w => w.Name == "report"), Has.Property(nameof(WorkloadStatus.Phase)).EqualTo(WorkloadPhase.Succeeded)
            .And.Property(nameof(WorkloadStatus.Attempts)).EqualTo(1), "finished before the kill: not run again");

        fleet.KillController();
        await fleet.StartControllerAsync();
        var listed = await Eventually.Until(() => fleet.WorkloadAsync("report"), w => w.ReplicasSucceeded == 1, Bound, "report Succeeded after a controller restart");
        var (code, output) = await fleet.EdgectlAsync("get", "workloads");
        Assert.Multiple(() =>
        {
            Assert.That(listed.ReplicasRunning, Is.Zero);
            Assert.That(code, Is.Zero, output);
            Assert.That(output, Does.Contain("SUCCEEDED"));
        });
    }

    [Test]
    public async Task Job_FailsWithRetries_EndsFailedWithExitCodeReasonAndAttemptsAndIsNotRunAgain()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1", null, "--set", "Agent:JobBackoff=00:00:00.200");
        var request = Job("crunch", FailingJob);
        request.Job = new JobSpec { RestartPolicy = "OnFailure", BackoffLimit = 2 };
        await fleet.Admin.ApplyWorkloadAsync(request, deadline: LocalFleet.Deadline());

        var workload = await Eventually.Until(() => fleet.WorkloadAsync("crunch"), w => w.ReplicasFailed == 1, Bound, "crunch Failed after its retries");
        var status = (await fleet.NodeAsync("node-1")).Workloads.Single(w => w.Name == "crunch");
        var (getCode, get) = await fleet.EdgectlAsync("get", "workloads");
        var (explainCode, explain) = await fleet.EdgectlAsync("explain", "workload", "crunch");
        Assert.Multiple(() =>
        {
            Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
            Assert.That(status.Attempts, Is.EqualTo(3), "the first run and backoffLimit 2 retries");
            Assert.That(status.ExitCode, Is.EqualTo(3));
            Assert.That(workload.LastFailure, Does.StartWith("node-1: BackoffLimitExceeded: 3 of 3 attempts failed"));
            Assert.That(workload.LastFailure, Does.Contain("exited with code 3").And.Contain("boom: disk full"), "the last stderr line");
            Assert.That(getCode, Is.Zero, get);
            Assert.That(get, Does.Contain("BackoffLimitExceeded"));
            Assert.That(explainCode, Is.Zero, explain);
            Assert.That(explain, Does.Contain("Failed (3 runs, exit code 3)"));
        });

        await RestartAgentAsync(fleet, "node-1");
        var after = await Eventually.Until(() => fleet.NodeAsync("node-1"),
            n => n.Condition == NodeCondition.Ready && n.Workloads.Any(w => w.Name == "crunch"), Bound, "node-1 reports crunch after its restart");
        Assert.That(after.Workloads.Single(w => w.Name == "crunch"), Has.Property(nameof(WorkloadStatus.Phase)).EqualTo(WorkloadPhase.Failed)
            .And.Property(nameof(WorkloadStatus.Attempts)).EqualTo(3), "failed past its retries before the kill: not run again");
    }

    [Test]
    public async Task Job_ChangedSpec_RunsAgainAsANewJob()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1", null, "--set", "Agent:JobBackoff=00:00:00.200");
        await fleet.Admin.ApplyWorkloadAsync(Job("batch", FailingJob), deadline: LocalFleet.Deadline());
        await Eventually.Until(() => fleet.WorkloadAsync("batch"), w => w.ReplicasFailed == 1, Bound, "batch Failed (no retries without backoffLimit)");

        await fleet.Admin.ApplyWorkloadAsync(Job("batch", SucceedingJob), deadline: LocalFleet.Deadline());

        var workload = await Eventually.Until(() => fleet.WorkloadAsync("batch"), w => w.ReplicasSucceeded == 1, Bound, "the new batch Succeeded");
        Assert.That(workload.ReplicasFailed, Is.Zero);
    }

    [Test]
    public async Task WorkloadWithNoTrigger_RunsOnceAndStaysRunningAsBefore()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        await fleet.Admin.ApplyWorkloadAsync(Workload("plain", SucceedingJob), deadline: LocalFleet.Deadline());

        var workload = await Eventually.Until(() => fleet.WorkloadAsync("plain"), w => w.ReplicasRunning == 1, Bound, "plain Running");

        Assert.That(workload.ReplicasSucceeded, Is.Zero, "not a job: no once trigger and no job settings");
    }

    [TestCase("Sometimes", "", "restartPolicy \"Sometimes\" is not one of Never, OnFailure")]
    [TestCase("Never", "fancy", "http.output \"fancy\" is not one of wagi, raw")]
    public async Task Apply_BadJobOrOutputSetting_IsRefusedNamingItAndNothingIsStored(string policy, string output, string expected)
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var request = Job("bad", SucceedingJob);
        request.Job = new JobSpec { RestartPolicy = policy };
        if (output.Length > 0)
        {
            request.Http = new HttpOutput { Output = output };
        }

        var refusal = Assert.ThrowsAsync<RpcException>(async () => await fleet.Admin.ApplyWorkloadAsync(request, deadline: LocalFleet.Deadline()));
        var listed = await fleet.Admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: LocalFleet.Deadline());

        Assert.Multiple(() =>
        {
            Assert.That(refusal!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(refusal.Status.Detail, Does.Contain(expected));
            Assert.That(listed.Workloads, Is.Empty, "nothing stored");
        });
    }

    [Test]
    public async Task HttpOutputRaw_StdoutThatLooksLikeHeaders_IsTheBodyAsIs()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var triggerPort = Ports.Free();
        fleet.StartAgent("node-1", null, "--set", $"Agent:TriggerListen=http://127.0.0.1:{triggerPort}");
        var raw = Workload("raw", HeaderLikeOutput);
        raw.Triggers.Add(new Trigger { Kind = TriggerKind.Http });
        raw.Http = new HttpOutput { Output = "raw" };
        var wagi = Workload("wagi", HeaderLikeOutput);
        wagi.Triggers.Add(new Trigger { Kind = TriggerKind.Http });
        await fleet.Admin.ApplyWorkloadAsync(raw, deadline: LocalFleet.Deadline());
        await fleet.Admin.ApplyWorkloadAsync(wagi, deadline: LocalFleet.Deadline());
        await Eventually.Until(() => fleet.NodeAsync("node-1"),
            n => n.Workloads.Count(w => w.Phase == WorkloadPhase.Running) == 2, Bound, "node-1 runs raw and wagi");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var rawAnswer = await http.GetAsync($"http://127.0.0.1:{triggerPort}/w/raw");
        using var wagiAnswer = await http.GetAsync($"http://127.0.0.1:{triggerPort}/w/wagi");

        Assert.Multiple(async () =>
        {
            Assert.That(rawAnswer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await rawAnswer.Content.ReadAsStringAsync(), Is.EqualTo("Status: 404 Not Found\n\nnot a header\n"));
            Assert.That(rawAnswer.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/octet-stream"));
            Assert.That(wagiAnswer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the default mode still reads CGI headers");
            Assert.That(await wagiAnswer.Content.ReadAsStringAsync(), Is.EqualTo("not a header\n"));
        });
    }

    internal static ApplyWorkloadRequest Workload(string name, string wat) =>
        new() { Name = name, Module = ByteString.CopyFrom(Encoding.UTF8.GetBytes(wat)) };

    /// <summary>A job: only a once trigger (without job settings a failed run is final).</summary>
    internal static ApplyWorkloadRequest Job(string name, string wat)
    {
        var request = Workload(name, wat);
        request.Triggers.Add(new Trigger { Kind = TriggerKind.Once });
        return request;
    }

    /// <summary>SIGKILLs an agent, waits until the controller calls it Disconnected (so a later report is new), starts it again.</summary>
    internal static async Task RestartAgentAsync(LocalFleet fleet, string name, params string[] extraArgs)
    {
        fleet.Agent(name).Kill();
        await Eventually.Until(() => fleet.NodeAsync(name), n => n.Condition == NodeCondition.Disconnected, Bound, $"{name} Disconnected");
        fleet.StartAgent(name, null, extraArgs);
    }
}
