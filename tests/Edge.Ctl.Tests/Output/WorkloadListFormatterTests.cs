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
            Assert.That(TableAssert.Cells(lines[0]), Is.EqualTo((string[])["NAME", "TENANT", "MODE", "DESIRED", "PLACED", "RUNNING", "PENDING", "SUCCEEDED", "FAILED", "MODULE", "SELECTOR", "REASON"]));
            Assert.That(TableAssert.Cells(lines[1]), Is.EqualTo((string[])["hello", "default", "global", "3", "3", "2", "0", "0", "0", "sha256:0123456789ab", "<all>", "<none>"]));
            Assert.That(TableAssert.Cells(lines[2]), Is.EqualTo((string[])["sensor", "default", "global", "3", "3", "2", "0", "0", "0", "sha256:0123456789ab", "arch=arm64,zone=a", "<none>"]));
        });
    }

    [Test]
    public void Write_Table_JobPhases_ShowsCountsPerPhaseAndTheLastFailure()
    {
        var job = TestNodes.Workload("report");
        job.ReplicasRunning = 0;
        job.ReplicasSucceeded = 1;
        job.ReplicasFailed = 2;
        job.ReplicasPending = 0;
        job.LastFailure = "node-2: BackoffLimitExceeded: 3 of 3 attempts failed: exited with code 2";
        using var writer = new StringWriter();

        WorkloadListFormatter.Write([job], OutputFormat.Table, writer);

        var row = TableAssert.Lines(writer.ToString())[1];
        Assert.Multiple(() =>
        {
            Assert.That(TableAssert.Cells(row)[5..9], Is.EqualTo((string[])["0", "0", "1", "2"]));
            Assert.That(row, Does.EndWith("node-2: BackoffLimitExceeded: 3 of 3 attempts failed: exited with code 2"));
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
