using System.Text;
using Edge.Agent.Logs;
using Edge.Agent.Runtime;
using Edge.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Logs;

[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WorkloadLogsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Record_RunWithOutput_KeepsStdoutStderrAndEdgeLogLinesOfOneInvocation()
    {
        using var dir = new TempDirectory();
        using var logs = new WorkloadLogs(dir.Path, LogRingLimits.Default, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000)), NullLogger<WorkloadLogs>.Instance);

        logs.Record("job", new InvocationResult
        {
            Outcome = InvocationOutcome.ExitedWithError,
            ExitCode = 2,
            Stdout = Encoding.UTF8.GetBytes("out 1\nout 2\n"),
            Stderr = Encoding.UTF8.GetBytes("bad \x01 byte\n"),
            Logs = [(2, "from edge.log")],
            Error = "exited with code 2",
        });
        await WaitIdleAsync(logs);

        var lines = logs.Read("job", null, 0, 0, false);
        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(l => (l.Stream, l.Text)), Is.EqualTo(new[]
            {
                ("stdout", "out 1"), ("stdout", "out 2"), ("stderr", @"bad \x01 byte"), ("edge.log", "from edge.log"),
                ("stderr", "[edge] run failed: exited with code 2"),
            }));
            Assert.That(lines.Select(l => l.Invocation).Distinct().Count(), Is.EqualTo(1));
            Assert.That(File.GetUnixFileMode(Path.Combine(dir.Path, "logs")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        });
    }

    [TestCase("../escape")]
    [TestCase("a/b")]
    [TestCase(".hidden")]
    [TestCase("")]
    public async Task Read_NameThatIsNoWorkloadName_ReadsNothingAndCreatesNoFile(string name)
    {
        using var dir = new TempDirectory();
        using var logs = new WorkloadLogs(dir.Path, LogRingLimits.Default, TimeProvider.System, NullLogger<WorkloadLogs>.Instance);

        logs.Record(name, new InvocationResult { Outcome = InvocationOutcome.Succeeded, Stdout = "x\n"u8.ToArray() });
        await WaitIdleAsync(logs);

        Assert.Multiple(() =>
        {
            Assert.That(logs.Read(name, null, 0, 0, false), Is.Empty);
            Assert.That(dir.Files(), Is.Empty, "nothing written anywhere");
        });
    }

    [TestCase("../etc/passwd", 0, 0, "'../etc/passwd' is not a workload name")]
    [TestCase("web", -1, 0, "tail and after_sequence must not be negative")]
    [TestCase("web", 0, -5, "tail and after_sequence must not be negative")]
    public void Answer_BadRequest_IsRefusedSayingWhyWithItsId(string workload, int tail, long after, string expected)
    {
        using var dir = new TempDirectory();
        using var logs = new WorkloadLogs(dir.Path, LogRingLimits.Default, TimeProvider.System, NullLogger<WorkloadLogs>.Instance);

        var reply = logs.Answer(new Edge.Protos.V1.LogRequest { Id = "r-1", Workload = workload, Tail = tail, AfterSequence = after });

        Assert.Multiple(() =>
        {
            Assert.That(reply.Id, Is.EqualTo("r-1"));
            Assert.That(reply.Error, Is.EqualTo(expected));
            Assert.That(reply.Lines, Is.Empty);
        });
    }

    [Test]
    public async Task Answer_Request_GivesTheLinesAfterTheSequenceWithTimeInvocationAndStream()
    {
        using var dir = new TempDirectory();
        using var logs = new WorkloadLogs(dir.Path, LogRingLimits.Default, TimeProvider.System, NullLogger<WorkloadLogs>.Instance);
        logs.Record("web", new InvocationResult { Outcome = InvocationOutcome.Succeeded, Stdout = "one\ntwo\nthree\n"u8.ToArray() });
        await WaitIdleAsync(logs);

        var reply = logs.Answer(new Edge.Protos.V1.LogRequest { Id = "r-2", Workload = "web", AfterSequence = 1 });

        Assert.Multiple(() =>
        {
            Assert.That(reply.Error, Is.Empty);
            Assert.That(reply.Lines.Select(l => (l.Sequence, l.Stream, l.Text)), Is.EqualTo(new[] { (2L, "stdout", "two"), (3L, "stdout", "three") }));
            Assert.That(reply.Lines.Select(l => l.Invocation).Distinct().Count(), Is.EqualTo(1));
            Assert.That(reply.Lines[0].Time, Is.Not.Null);
        });
    }

    [Test]
    public async Task Record_FileCannotBeWritten_IsCountedOnMetricsAndOtherWorkloadsKeepTheirLines()
    {
        using var dir = new TempDirectory();
        using var logs = new WorkloadLogs(dir.Path, LogRingLimits.Default, TimeProvider.System, NullLogger<WorkloadLogs>.Instance);
        Directory.CreateDirectory(Path.Combine(dir.Path, "logs", "broken.log")); // where the file should be

        logs.Record("broken", new InvocationResult { Outcome = InvocationOutcome.Succeeded, Stdout = "lost\n"u8.ToArray() });
        await WaitIdleAsync(logs);
        logs.Record("fine", new InvocationResult { Outcome = InvocationOutcome.Succeeded, Stdout = "kept\n"u8.ToArray() });
        await WaitIdleAsync(logs);

        Assert.Multiple(() =>
        {
            Assert.That(logs.WriteFailures, Is.EqualTo(1));
            Assert.That(logs.MetricsText(), Does.Contain("edge_agent_log_write_failures_total 1"));
            Assert.That(logs.MetricsText(), Does.Contain("edge_agent_log_runs_dropped_total 0"));
            Assert.That(logs.Read("fine", null, 0, 0, false).Select(l => l.Text), Is.EqualTo(new[] { "kept" }));
        });
    }

    [TestCase(0L, "line 0")]
    [TestCase(1L, "line 1")]
    public async Task Answer_MoreThanTheReplyBound_KeepsWithinItAndSaysLinesWereLeftOut(long after, string firstExpected)
    {
        using var dir = new TempDirectory();
        using var logs = new WorkloadLogs(dir.Path, new LogRingLimits(64L * 1024 * 1024, TimeSpan.FromDays(1), 16 * 1024), TimeProvider.System, NullLogger<WorkloadLogs>.Instance);
        var text = string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i} {new string('x', 16_000)}\n"));
        logs.Record("big", new InvocationResult { Outcome = InvocationOutcome.Succeeded, Stdout = Encoding.UTF8.GetBytes(text) });
        await WaitIdleAsync(logs);

        var reply = logs.Answer(new Edge.Protos.V1.LogRequest { Id = "r", Workload = "big", AfterSequence = after });

        var bytes = reply.Lines.Sum(l => l.Text.Length);
        Assert.Multiple(() =>
        {
            Assert.That(reply.Truncated, Is.True);
            Assert.That(bytes, Is.LessThanOrEqualTo(LogRequests.MaxReplyBytes));
            Assert.That(reply.Lines, Has.Count.GreaterThan(10));
            Assert.That(after == 0 ? reply.Lines[^1].Text : reply.Lines[0].Text, Does.StartWith(after == 0 ? "line 199 " : firstExpected + " "),
                "a plain read keeps the newest lines, a follower the oldest after its place");
        });
    }

    private static async Task WaitIdleAsync(WorkloadLogs logs)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!logs.Idle && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(logs.Idle, Is.True, "the writer stored every run");
    }
}
