using System.Text.Json;
using Edge.Ctl.Output;
using Edge.Ctl.Tests.Support;

namespace Edge.Ctl.Tests.Output;

[TestFixture]
public sealed class WorkloadListFormatterTests
{
    private static string Format(OutputFormat format)
    {
        using var writer = new StringWriter();
        WorkloadListFormatter.Write(
            [TestNodes.Workload("sensor", ("zone", "a"), ("arch", "arm64")), TestNodes.Workload("hello")],
            format,
            writer);
        return writer.ToString();
    }

    [Test]
    public void Write_Table_ShowsShortDigestSelectorAndCounts()
    {
        var lines = TableAssert.Lines(Format(OutputFormat.Table));

        Assert.Multiple(() =>
        {
            Assert.That(TableAssert.Cells(lines[0]), Is.EqualTo((string[])["NAME", "TENANT", "MODE", "DESIRED", "PLACED", "RUNNING", "MODULE", "SELECTOR"]));
            Assert.That(TableAssert.Cells(lines[1]), Is.EqualTo((string[])["hello", "default", "global", "3", "3", "2", "sha256:0123456789ab", "<all>"]));
            Assert.That(TableAssert.Cells(lines[2]), Is.EqualTo((string[])["sensor", "default", "global", "3", "3", "2", "sha256:0123456789ab", "arch=arm64,zone=a"]));
        });
    }

    [Test]
    public void Write_Json_PrintsItemsWithFullDigestAndSelectorMap()
    {
        using var json = JsonDocument.Parse(Format(OutputFormat.Json));

        var sensor = json.RootElement.GetProperty("items")[1];
        Assert.Multiple(() =>
        {
            Assert.That(sensor.GetProperty("name").GetString(), Is.EqualTo("sensor"));
            Assert.That(sensor.GetProperty("moduleDigest").GetString(), Is.EqualTo(TestNodes.Digest));
            Assert.That(sensor.GetProperty("nodeSelector").GetProperty("zone").GetString(), Is.EqualTo("a"));
            Assert.That(sensor.GetProperty("nodesTargeted").GetInt32(), Is.EqualTo(3));
            Assert.That(sensor.GetProperty("nodesRunning").GetInt32(), Is.EqualTo(2));
        });
    }
}
