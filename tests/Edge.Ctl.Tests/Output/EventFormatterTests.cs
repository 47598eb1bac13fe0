using System.Text.Json;
using Edge.Ctl.Commands;
using Edge.Ctl.Output;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Ctl.Tests.Output;

[TestFixture]
public sealed class EventFormatterTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Event Event(string kind, string name, string tenant, string type, string reason, string message, int count, TimeSpan ago) => new()
    {
        Kind = kind,
        Name = name,
        Tenant = tenant,
        Type = type,
        Reason = reason,
        Message = message,
        Count = count,
        FirstSeen = Timestamp.FromDateTimeOffset(Now - ago - TimeSpan.FromMinutes(5)),
        LastSeen = Timestamp.FromDateTimeOffset(Now - ago),
        Sequence = 7,
        Source = "fleet",
    };

    private static readonly Event[] Events =
    [
        Event("Node", "node-1", "", "Warning", "NodeDisconnected", "node node-1 is Disconnected", 3, TimeSpan.FromSeconds(14)),
        Event("Workload", "web", "acme", "Normal", "Scheduled", "replica #0 on node-2 (score 4975)", 1, TimeSpan.FromSeconds(2)),
    ];

    [Test]
    public void WriteList_Table_KubectlColumnsAndCountInTheMessage()
    {
        using var writer = new StringWriter();
        new EventFormatter(OutputFormat.Table, wide: false, allTenants: false, writer).WriteList(Events, Now);
        var lines = TableAssert.Lines(writer.ToString());

        Assert.That(TableAssert.Cells(lines[0]), Is.EqualTo((string[])["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]));
        Assert.That(TableAssert.Cells(lines[1]), Is.EqualTo((string[])["14s", "Warning", "NodeDisconnected", "node/node-1", "node node-1 is Disconnected (x3)"]));
        Assert.That(TableAssert.Cells(lines[2]), Is.EqualTo((string[])["2s", "Normal", "Scheduled", "workload/web", "replica #0 on node-2 (score 4975)"]));
    }

    [Test]
    public void WriteList_WideAllTenants_TenantFirstAndSourceFirstSeenCount()
    {
        using var writer = new StringWriter();
        new EventFormatter(OutputFormat.Table, wide: true, allTenants: true, writer).WriteList(Events, Now);
        var lines = TableAssert.Lines(writer.ToString());

        Assert.That(TableAssert.Cells(lines[0]), Is.EqualTo((string[])["TENANT", "LAST SEEN", "TYPE", "REASON", "OBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT"]));
        Assert.That(TableAssert.Cells(lines[1]), Is.EqualTo((string[])["-", "14s", "Warning", "NodeDisconnected", "node/node-1", "fleet", "node node-1 is Disconnected", "5m14s", "3"]));
        Assert.That(TableAssert.Cells(lines[2])[0], Is.EqualTo("acme"));
    }

    [Test]
    public void WriteWatched_Table_RowsKeepTheListsColumns()
    {
        using var writer = new StringWriter();
        var formatter = new EventFormatter(OutputFormat.Table, wide: false, allTenants: false, writer);
        formatter.WriteList(Events, Now);
        formatter.WriteWatched(Event("Node", "n2", "", "Normal", "NodeReady", "node n2 is Ready: said hello", 1, TimeSpan.Zero), Now);
        var lines = TableAssert.Lines(writer.ToString());

        Assert.That(lines[^1].IndexOf("NodeReady", StringComparison.Ordinal), Is.EqualTo(lines[0].IndexOf("REASON", StringComparison.Ordinal)));
        Assert.That(lines[^1].IndexOf("node/n2", StringComparison.Ordinal), Is.EqualTo(lines[0].IndexOf("OBJECT", StringComparison.Ordinal)));
    }

    [Test]
    public void WriteList_Json_ItemsWithEveryField()
    {
        using var writer = new StringWriter();
        new EventFormatter(OutputFormat.Json, wide: false, allTenants: false, writer).WriteList(Events, Now);
        using var doc = JsonDocument.Parse(writer.ToString());
        var first = doc.RootElement.GetProperty("items")[0];

        Assert.That(first.GetProperty("reason").GetString(), Is.EqualTo("NodeDisconnected"));
        Assert.That(first.GetProperty("count").GetInt32(), Is.EqualTo(3));
        Assert.That(first.GetProperty("lastSeen").GetString(), Does.StartWith("2025-03-01T11:59:46"));
        Assert.That(first.GetProperty("tenant").GetString(), Is.Empty);
    }

    [TestCase("workload/web", "Workload", "web")]
    [TestCase("no/node-1", "Node", "node-1")]
    [TestCase("HPA/web", "Autoscaler", "web")]
    [TestCase("nodegroup/edge", "NodeGroup", "edge")]
    public void Parse_KindSlashName_KindNamed(string text, string kind, string name) =>
        Assert.That(EventCommands.Parse(text), Is.EqualTo((kind, name, (string?)null)));

    [TestCase("web", "is not KIND/NAME")]
    [TestCase("workload/", "is not KIND/NAME")]
    [TestCase("/web", "is not KIND/NAME")]
    [TestCase("pod/web", "kind 'pod' is not one of")]
    public void Parse_Bad_ErrorNamesIt(string text, string expected) =>
        Assert.That(EventCommands.Parse(text).Error, Does.Contain(expected).And.Contain(text));
}
