using System.Text.Json;
using Edge.Ctl.Commands;
using Edge.Ctl.Output;
using Edge.Ctl.Tests.Support;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Ctl.Tests.Output;

[TestFixture]
public sealed class NodeGroupFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static NodeGroupInfo Group(string name, NodeGroupBackoff? backoff = null) => new()
    {
        Name = name,
        MinSize = 0,
        MaxSize = 8,
        Current = 3,
        Ready = 2,
        Upcoming = 1,
        Provider = "wake",
        ProviderType = "exec",
        Template = new NodeGroupTemplate { Allocatable = new Resources { CpuMillicores = 4000, MemoryBytes = 4L << 30 }, Labels = { ["edge.io/arch"] = "arm64" } },
        Backoff = backoff,
    };

    [Test]
    public void WriteList_Table_TheIssuesColumnsOneRowPerGroupSortedByName()
    {
        using var writer = new StringWriter();
        var backoff = new NodeGroupBackoff { Failures = 2, Until = Timestamp.FromDateTimeOffset(Now.AddMinutes(4)), LastError = "exit code 3" };

        NodeGroupFormatter.WriteList([Group("vm", backoff), Group("pi")], OutputFormat.Table, Now, writer);

        var lines = TableAssert.Lines(writer.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(TableAssert.Cells(lines[0]), Is.EqualTo((string[])["NAME", "MIN", "MAX", "CURRENT", "UPCOMING", "READY", "PROVIDER", "BACKOFF"]));
            Assert.That(lines[1], Does.Match(@"^pi\s+0\s+8\s+3\s+1\s+2\s+wake \(exec\)\s+-$"));
            Assert.That(lines[2], Does.Match(@"^vm\s+0\s+8\s+3\s+1\s+2\s+wake \(exec\)\s+4m left \(2 failure\(s\)\)$"));
        });
    }

    [Test]
    public void WriteList_Json_ItemsWithTemplateAndBackoff()
    {
        using var writer = new StringWriter();

        NodeGroupFormatter.WriteList([Group("pi")], OutputFormat.Json, Now, writer);

        using var json = JsonDocument.Parse(writer.ToString());
        var item = json.RootElement.GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(item.GetProperty("name").GetString(), Is.EqualTo("pi"));
            Assert.That(item.GetProperty("upcoming").GetInt32(), Is.EqualTo(1));
            Assert.That(item.GetProperty("template").GetProperty("cpuMillicores").GetInt64(), Is.EqualTo(4000));
            Assert.That(item.GetProperty("template").GetProperty("labels").GetProperty("edge.io/arch").GetString(), Is.EqualTo("arm64"));
            Assert.That(item.GetProperty("backoff").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public void WriteNode_KeptNode_SaysWhyWithTheVerdictAndHistory()
    {
        using var writer = new StringWriter();
        var explanation = new NodeScaleDownExplanation
        {
            Node = "pi-2",
            Group = "pi",
            InFleet = true,
            Verdict = new NodeScaleDownVerdict { Node = "pi-2", Group = "pi", Reason = "utilization 0.2 is below the threshold, but replica web#1 fits on no other node (2 others checked)", DecidedAt = Timestamp.FromDateTimeOffset(Now.AddSeconds(-5)) },
            LastPass = Timestamp.FromDateTimeOffset(Now.AddSeconds(-5)),
            Notes = { "scale-down in cool-down" },
            Events = { new NodeAutoscalerEvent { At = Timestamp.FromDateTimeOffset(Now.AddMinutes(-3)), Kind = "node-registered", Group = "pi", Node = "pi-2", Message = "registered 40 s after the request" } },
        };

        NodeGroupFormatter.WriteNode(explanation, OutputFormat.Table, Now, writer);

        Assert.That(writer.ToString(), Does.Contain("node/pi-2: node group pi")
            .And.Contain("scale-down: keep (5s ago): utilization 0.2 is below the threshold, but replica web#1 fits on no other node")
            .And.Contain("note: scale-down in cool-down")
            .And.Contain("node-registered"));
    }

    [Test]
    public void RootCommand_ExplainAndGetAndDelete_HoldWorkloadAndNodeGroupCommandsSideBySide()
    {
        var root = EdgeCtl.BuildRootCommand(new CtlContext(TextWriter.Null, TextWriter.Null, TimeProvider.System, null));

        string[] Under(string verb) => [.. root.Subcommands.Single(c => c.Name == verb).Subcommands.Select(c => c.Name).Order(StringComparer.Ordinal)];

        Assert.Multiple(() =>
        {
            Assert.That(Under("explain"), Is.SupersetOf(new[] { "node", "nodegroup", "workload" }));
            Assert.That(Under("get"), Is.SupersetOf(new[] { "nodegroups", "workloads" }));
            Assert.That(Under("delete"), Is.SupersetOf(new[] { "nodegroup", "workload" }));
        });
    }
}
