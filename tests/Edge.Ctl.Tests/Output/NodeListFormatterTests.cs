using System.Text.Json;
using Edge.Ctl.Output;
using Edge.Ctl.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Tests.Output;

[TestFixture]
public sealed class NodeListFormatterTests
{
    private static string Format(OutputFormat format)
    {
        using var writer = new StringWriter();
        NodeListFormatter.Write([TestNodes.Disconnected("edge-b"), TestNodes.Ready("edge-a")], format, TestNodes.Now, writer);
        return writer.ToString();
    }

    [Test]
    public void Write_Table_PrintsHeaderAndOneAlignedRowPerNodeSortedByName()
    {
        var lines = TableAssert.Lines(Format(OutputFormat.Table));

        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.Multiple(() =>
        {
            Assert.That(TableAssert.Cells(lines[0]), Is.EqualTo((string[])["NAME", "STATUS", "ARCH", "CPU", "MEMORY", "CPU-REQ", "MEM-REQ", "WORKLOADS", "VERSION", "LAST-SEEN"]));
            Assert.That(TableAssert.Cells(lines[1]), Is.EqualTo((string[])["edge-a", "Ready", "arm64", "4", "7.6Gi", "0%", "0%", "1/2", "0.1.0", "3s ago"]));
            Assert.That(TableAssert.Cells(lines[2]), Is.EqualTo((string[])["edge-b", "Disconnected", "x64", "1500m", "512Mi", "0%", "0%", "0/0", "<none>", "never"]));
            Assert.That(lines[1].IndexOf("7.6Gi", StringComparison.Ordinal), Is.EqualTo(lines[0].IndexOf("MEMORY", StringComparison.Ordinal)));
            Assert.That(lines[2].IndexOf("never", StringComparison.Ordinal), Is.EqualTo(lines[0].IndexOf("LAST-SEEN", StringComparison.Ordinal)));
            Assert.That(lines[3], Is.EqualTo("fleet: 2 nodes, cpu requested 0%, memory requested 0%"));
        });
    }

    [Test]
    public void Write_Json_PrintsItemsWithCamelCaseFieldsAndStringEnums()
    {
        using var json = JsonDocument.Parse(Format(OutputFormat.Json));

        var items = json.RootElement.GetProperty("items");
        Assert.That(items.GetArrayLength(), Is.EqualTo(2));
        var ready = items[0];
        Assert.Multiple(() =>
        {
            Assert.That(ready.EnumerateObject().Select(p => p.Name), Is.SupersetOf((string[])
            [
                "name", "status", "arch", "os", "cpuMillicores", "memoryBytes", "labels", "agentVersion", "k3sNodeName",
                "lastHeartbeat", "desiredVersion", "appliedVersion", "workloads", "telemetry",
            ]));
            Assert.That(ready.GetProperty("name").GetString(), Is.EqualTo("edge-a"));
            Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("Ready"));
            Assert.That(ready.GetProperty("memoryBytes").GetInt64(), Is.EqualTo(8_160_000_000));
            Assert.That(ready.GetProperty("lastHeartbeat").GetString(), Is.EqualTo("2025-01-02T03:04:02Z"));
            Assert.That(ready.GetProperty("labels").GetProperty("edge.io/tier").GetString(), Is.EqualTo("gateway"));
            Assert.That(ready.GetProperty("k3sNodeName").GetString(), Is.EqualTo("k3s-edge-a"));
            Assert.That(ready.GetProperty("workloads")[0].GetProperty("name").GetString(), Is.EqualTo("broken"));
            Assert.That(ready.GetProperty("workloads")[0].GetProperty("phase").GetString(), Is.EqualTo("Failed"));
            Assert.That(ready.GetProperty("workloads")[1].GetProperty("phase").GetString(), Is.EqualTo("Running"));
            Assert.That(ready.GetProperty("workloads")[1].GetProperty("invocations").GetInt64(), Is.EqualTo(1234));
            Assert.That(ready.GetProperty("telemetry").GetProperty("cpuUsageRatio").GetDouble(), Is.EqualTo(0.375));
            Assert.That(ready.GetProperty("telemetry").GetProperty("sequence").GetUInt64(), Is.EqualTo(42));
            Assert.That(items[1].GetProperty("status").GetString(), Is.EqualTo("Disconnected"));
            Assert.That(items[1].GetProperty("lastHeartbeat").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(items[1].GetProperty("telemetry").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public void Write_Yaml_HasSameShapeAsJson()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(Format(OutputFormat.Yaml)));

        var items = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["items"];
        var ready = (YamlMappingNode)items[0];
        var disconnected = (YamlMappingNode)items[1];
        Assert.Multiple(() =>
        {
            Assert.That(ready["name"].ToString(), Is.EqualTo("edge-a"));
            Assert.That(ready["status"].ToString(), Is.EqualTo("Ready"));
            Assert.That(ready["cpuMillicores"].ToString(), Is.EqualTo("4000"));
            Assert.That(((YamlMappingNode)ready["labels"])["edge.io/tier"].ToString(), Is.EqualTo("gateway"));
            Assert.That(((YamlMappingNode)ready["telemetry"])["loadAverage1m"].ToString(), Is.EqualTo("0.42"));
            Assert.That(disconnected["telemetry"].ToString(), Is.EqualTo("null"));
        });
    }
}
