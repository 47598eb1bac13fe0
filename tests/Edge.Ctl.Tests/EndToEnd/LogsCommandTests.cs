using Edge.Ctl.Tests.Support;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Ctl.Tests.EndToEnd;

/// <summary>edgectl logs against a real gRPC server on loopback: what it asks, what it prints, when it fails.</summary>
[TestFixture]
[NonParallelizable]
public sealed class LogsCommandTests : AdminServerFixture
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 16, 50, 1, 123, TimeSpan.Zero);

    [Test]
    public async Task Logs_EveryFlag_IsAskedForAndEachLinePrintedWithTimeNodeInvocationAndStream()
    {
        Fake.Logs = new GetLogsResponse
        {
            Lines =
            {
                Line("node-1", 1, "a1-1", "stdout", "report: 42"),
                Line("node-2", 7, "b2-4", "stderr", @"bad \x1b byte"),
            },
            Errors = { "node node-3 is offline (last seen 2026-12-07T16:40:00Z)" },
        };

        var run = await CtlRun.RunAsync("logs", "report", "--node", "node-1", "--since", "10m", "--tail", "5", "--previous", "-t", "acme", "--controller", Server.Address);

        var asked = Fake.LogRequests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString);
            Assert.That(asked.Workload, Is.EqualTo("report"));
            Assert.That(asked.Node, Is.EqualTo("node-1"));
            Assert.That(asked.Since.ToTimeSpan(), Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(asked.Tail, Is.EqualTo(5));
            Assert.That(asked.Previous, Is.True);
            Assert.That(asked.Tenant, Is.EqualTo("acme"));
            Assert.That(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
            {
                "2026-12-07T16:50:01.123Z node-1 a1-1 stdout report: 42",
                @"2026-12-07T16:50:01.123Z node-2 b2-4 stderr bad \x1b byte",
            }));
            Assert.That(run.Error, Is.EqualTo("warning: node node-3 is offline (last seen 2026-12-07T16:40:00Z)\n"));
        });
    }

    [Test]
    public async Task Logs_NoNodeCouldAnswer_ExitsOneSayingWhy()
    {
        Fake.Logs = new GetLogsResponse { Errors = { "node node-1 is offline (last seen 2026-12-07T16:40:00Z)" } };

        var run = await CtlRun.RunAsync("logs", "report", "--controller", Server.Address);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString);
            Assert.That(run.Out, Is.Empty);
            Assert.That(run.Error, Does.Contain("node node-1 is offline"));
        });
    }

    [TestCase("--since", "soon", "--since \"soon\" is not a positive duration")]
    [TestCase("--tail", "-5", "--tail must be between 0 and 100000")]
    public async Task Logs_BadFlag_IsAUsageErrorNamingItAndAsksNothing(string flag, string value, string expected)
    {
        var run = await CtlRun.RunAsync("logs", "report", flag, value, "--controller", Server.Address);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString);
            Assert.That(run.Error, Does.Contain(expected));
            Assert.That(Fake.LogRequests, Is.Empty);
        });
    }

    private static NodeLogLine Line(string node, long sequence, string invocation, string stream, string text) => new()
    {
        Node = node,
        Line = new LogLine { Sequence = sequence, Time = Timestamp.FromDateTimeOffset(At), Invocation = invocation, Stream = stream, Text = text },
    };
}
