using System.Text.Json;
using Edge.Ctl.Output;
using Edge.Ctl.Tests.Support;
using Edge.Protos.V1;

namespace Edge.Ctl.Tests.Output;

[TestFixture]
public sealed class NodeDetailFormatterTests
{
    private static string Format(Node node, OutputFormat format)
    {
        using var writer = new StringWriter();
        NodeDetailFormatter.Write(node, format, TestNodes.Now, writer);
        return writer.ToString();
    }

    /// <summary>"Label: value" lines; fields indented under a section are keyed "Section/Label".</summary>
    private static Dictionary<string, string> Fields(string output)
    {
        var fields = new Dictionary<string, string>();
        var section = string.Empty;
        foreach (var line in TableAssert.Lines(output))
        {
            var nested = line.StartsWith("  ", StringComparison.Ordinal);
            if ((nested && line.StartsWith("    ", StringComparison.Ordinal)) || !line.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Trim().Split(':', 2);
            if (!nested)
            {
                section = parts[0];
            }

            fields[nested ? $"{section}/{parts[0]}" : parts[0]] = parts[1].Trim();
        }

        return fields;
    }

    [Test]
    public void Write_Table_DescribesFactsLabelsWorkloadsAndTelemetry()
    {
        var output = Format(TestNodes.Ready(), OutputFormat.Table);

        var fields = Fields(output);
        Assert.Multiple(() =>
        {
            Assert.That(fields["Name"], Is.EqualTo("edge-a"));
            Assert.That(fields["Status"], Is.EqualTo("Ready since 2025-01-02T02:59:05Z (5m ago)"));
            Assert.That(fields["Last Heartbeat"], Is.EqualTo("2025-01-02T03:04:02Z (3s ago)"));
            Assert.That(fields["Facts/Arch"], Is.EqualTo("arm64"));
            Assert.That(fields["Facts/OS"], Is.EqualTo("linux (Ubuntu 24.04 LTS)"));
            Assert.That(fields["Facts/Memory"], Is.EqualTo("7.6Gi (8160000000 bytes)"));
            Assert.That(fields["Facts/CPU"], Is.EqualTo("4 cores (4000m)"));
            Assert.That(fields["Telemetry/Memory"], Is.EqualTo("1.2Gi / 7.6Gi (15.8%)"));
            Assert.That(fields["Facts/Agent Version"], Is.EqualTo("0.1.0"));
            Assert.That(fields["Facts/K3s Node"], Is.EqualTo("k3s-edge-a"));
            Assert.That(fields["Labels"], Is.EqualTo("edge.io/tier=gateway"));
            Assert.That(output, Does.Contain("\n" + new string(' ', 22) + "zone=a\n"));
            Assert.That(fields["Telemetry/Sampled At"], Is.EqualTo("2025-01-02T03:04:03Z (2s ago)"));
            Assert.That(fields["Telemetry/Sequence"], Is.EqualTo("42"));
            Assert.That(fields["Telemetry/CPU"], Is.EqualTo("37.5%"));
            Assert.That(fields["Telemetry/Load (1m)"], Is.EqualTo("0.42"));
            Assert.That(fields["Telemetry/Workloads Running"], Is.EqualTo("1"));
        });
    }

    [Test]
    public void Write_Table_ListsWorkloadsWithPhaseAndMessage()
    {
        var lines = TableAssert.Lines(Format(TestNodes.Ready(), OutputFormat.Table));

        var header = Array.FindIndex(lines, l => l.TrimStart().StartsWith("NAME", StringComparison.Ordinal));
        Assert.That(header, Is.GreaterThan(0));
        Assert.Multiple(() =>
        {
            Assert.That(TableAssert.Cells(lines[header]), Is.EqualTo((string[])["NAME", "PHASE", "MODULE", "INVOCATIONS", "FAILURES", "SINCE", "MESSAGE"]));
            Assert.That(TableAssert.Cells(lines[header + 1]), Is.EqualTo((string[])["broken", "Failed", "sha256:fedcba987654", "5", "5", "<none>", "trap: unreachable at func 3"]));
            Assert.That(TableAssert.Cells(lines[header + 2]), Is.EqualTo((string[])["hello", "Running", "sha256:0123456789ab", "1234", "1", "4m"]));
        });
    }

    [Test]
    public void Write_TableForBareNode_SaysNoneForEmptySections()
    {
        var fields = Fields(Format(TestNodes.Disconnected(), OutputFormat.Table));

        Assert.Multiple(() =>
        {
            Assert.That(fields["Status"], Is.EqualTo("Disconnected"));
            Assert.That(fields["Last Heartbeat"], Is.EqualTo("never"));
            Assert.That(fields["Applied Version"], Is.EqualTo("2 (behind desired)"));
            Assert.That(fields["Labels"], Is.EqualTo("<none>"));
            Assert.That(fields["Workloads"], Is.EqualTo("<none>"));
            Assert.That(fields["Telemetry"], Is.EqualTo("<none>"));
            Assert.That(fields["Facts/CPU"], Is.EqualTo("1.5 cores (1500m)"));
        });
    }

    [Test]
    public void Write_Json_PrintsOneNodeObject()
    {
        using var json = JsonDocument.Parse(Format(TestNodes.Ready(), OutputFormat.Json));

        var telemetry = json.RootElement.GetProperty("telemetry");
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("name").GetString(), Is.EqualTo("edge-a"));
            Assert.That(json.RootElement.TryGetProperty("items", out _), Is.False);
            Assert.That(telemetry.GetProperty("sampledAt").GetString(), Is.EqualTo("2025-01-02T03:04:03Z"));
            Assert.That(telemetry.GetProperty("memoryUsedBytes").GetInt64(), Is.EqualTo(1_288_490_189));
            Assert.That(telemetry.GetProperty("memoryTotalBytes").GetInt64(), Is.EqualTo(8_160_000_000));
            Assert.That(telemetry.GetProperty("loadAverage1m").GetDouble(), Is.EqualTo(0.42));
            Assert.That(telemetry.GetProperty("workloadsRunning").GetInt32(), Is.EqualTo(1));
            Assert.That(json.RootElement.GetProperty("workloads")[0].GetProperty("message").GetString(), Is.EqualTo("trap: unreachable\nat func 3"));
        });
    }

    [Test]
    public void Write_Table_HasNoTrailingWhitespace()
    {
        var lines = Format(TestNodes.Ready(), OutputFormat.Table).Split('\n');

        Assert.That(lines.Where(l => l != l.TrimEnd()), Is.Empty);
    }

    [Test]
    public void Write_Yaml_KeepsMultilineMessageAsLiteralBlock()
    {
        var yaml = Format(TestNodes.Ready(), OutputFormat.Yaml);

        Assert.That(yaml, Does.Contain("  message: |-\n    trap: unreachable\n    at func 3\n"));
    }
}
