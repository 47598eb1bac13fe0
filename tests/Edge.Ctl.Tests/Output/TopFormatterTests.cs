using System.Text.Json;
using Edge.Ctl.Output;
using Edge.Protos.V1;

namespace Edge.Ctl.Tests.Output;

/// <summary>top workloads: CPU(m) and MEMORY as kubectl top pods shows them, when the agents measure them.</summary>
[TestFixture]
public sealed class TopFormatterTests
{
    private static readonly WorkloadUsage[] Rows =
    [
        new() { Name = "web", Nodes = 2, NodesMeasured = 2, CpuMillicores = 149.6, MemoryBytes = 12L << 20, MemoryPeakBytes = 20L << 20, InvocationsPerS = 30 },
        new() { Name = "old", Nodes = 1, InvocationsPerS = 2 },
        new() { Name = "mixed", Nodes = 3, NodesMeasured = 1, CpuMillicores = 40, MemoryBytes = 1L << 30 },
    ];

    private static string Format(OutputFormat format)
    {
        using var writer = new StringWriter();
        TopFormatter.WriteWorkloads(Rows, format, writer);
        return writer.ToString();
    }

    [Test]
    public void WriteWorkloads_Table_CpuAndMemoryWhereMeasured()
    {
        var lines = TableAssert.Lines(Format(OutputFormat.Table));

        Assert.Multiple(() =>
        {
            Assert.That(TableAssert.Cells(lines[0])[..5], Is.EqualTo((string[])["NAME", "NODES", "CPU(m)", "MEMORY", "REQ/s"]));
            Assert.That(TableAssert.Cells(lines[1])[..4], Is.EqualTo((string[])["mixed", "3", "40m (1/3)", "1Gi (1/3)"]));
            Assert.That(TableAssert.Cells(lines[2])[..4], Is.EqualTo((string[])["old", "1", "<none>", "<none>"]));
            Assert.That(TableAssert.Cells(lines[3])[..4], Is.EqualTo((string[])["web", "2", "150m", "12Mi"]));
        });
    }

    [Test]
    public void WriteWorkloads_Json_CarriesTheFiguresAndNullWhenNotReported()
    {
        using var json = JsonDocument.Parse(Format(OutputFormat.Json));

        var items = json.RootElement.GetProperty("items");
        Assert.Multiple(() =>
        {
            Assert.That(items[2].GetProperty("cpuMillicores").GetDouble(), Is.EqualTo(149.6));
            Assert.That(items[2].GetProperty("memoryBytes").GetInt64(), Is.EqualTo(12L << 20));
            Assert.That(items[2].GetProperty("memoryPeakBytes").GetInt64(), Is.EqualTo(20L << 20));
            Assert.That(items[2].GetProperty("nodesMeasured").GetInt32(), Is.EqualTo(2));
            Assert.That(items[1].TryGetProperty("cpuMillicores", out var cpu) ? cpu.ValueKind : JsonValueKind.Undefined, Is.AnyOf(JsonValueKind.Null, JsonValueKind.Undefined));
        });
    }
}
