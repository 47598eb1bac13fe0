using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>samples/job as shipped: applied with edgectl to a real agent, it ends Succeeded and its output reads with edgectl logs.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class JobSampleTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task JobSample_AppliedWithEdgectl_SucceedsAndItsLinesReadWithLogs()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Condition == NodeCondition.Ready, Bound, "node-1 Ready");

        var (code, output) = await fleet.EdgectlAsync("apply", "-f", Repo.Sample("job/workload.yaml"));
        Assert.That(code, Is.Zero, output);
        await Eventually.Until(() => fleet.WorkloadAsync("job"), w => w.ReplicasSucceeded == 1, Bound, "the job sample Succeeded");
        var (logsCode, logs) = await fleet.EdgectlAsync("logs", "job");

        Assert.That(logsCode, Is.Zero, logs);
        Assert.That(logs, Does.Contain("report: 42 sensors read").And.Contain("note: sensor 7 answered slowly"));
    }
}
