using System.Text.Json;
using Edge.Ctl.Tests.Support;
using Edge.Protos.V1;

namespace Edge.Ctl.Tests.Vertical;

/// <summary><c>resize workload</c> and <c>recommend workload</c> against a real gRPC server on loopback.</summary>
[TestFixture]
[NonParallelizable]
public sealed class VerticalCommandsTests : AdminServerFixture
{
    [Test]
    public async Task Resize_CpuAndMemory_SendsQuantitiesAsNumbers()
    {
        var run = await CtlRun.RunAsync("resize", "workload", "web", "--cpu", "250m", "--memory", "128Mi", "--controller", Server.Address);

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        var sent = Fake.Resized.Single();
        Assert.Multiple(() =>
        {
            Assert.That((sent.Name, sent.CpuMillicores, sent.MemoryBytes), Is.EqualTo(("web", 250L, 128L << 20)));
            Assert.That(run.Out, Does.Contain("workload/web resized: 250m cpu, 128Mi memory per replica"));
        });
    }

    [Test]
    public async Task Resize_OnlyMemory_LeavesCpuUnset()
    {
        var run = await CtlRun.RunAsync("resize", "workload", "web", "--memory", "64Mi", "--controller", Server.Address);

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(Fake.Resized.Single().HasCpuMillicores, Is.False);
    }

    [TestCase("--cpu", "lots", "--cpu 'lots' is not a CPU quantity")]
    [TestCase("--memory", "big", "--memory 'big' is not a byte quantity")]
    public async Task Resize_BadQuantity_NamesTheFlagAndCallsNothing(string flag, string value, string message)
    {
        var run = await CtlRun.RunAsync("resize", "workload", "web", flag, value, "--controller", Server.Address);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Does.Contain(message));
            Assert.That(Fake.Resized, Is.Empty);
        });
    }

    [Test]
    public async Task Resize_NoFlag_SaysWhatToGive()
    {
        var run = await CtlRun.RunAsync("resize", "workload", "web", "--controller", Server.Address);

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Error, Does.Contain("give --cpu, --memory or both"));
        Assert.That(Fake.Resized, Is.Empty);
    }

    [Test]
    public async Task Recommend_Json_CarriesRecommendationAndReasons()
    {
        Fake.Recommendation = new WorkloadRecommendation
        {
            Name = "web",
            Current = new Resources { CpuMillicores = 100, MemoryBytes = 64L << 20 },
            Recommended = new Resources { CpuMillicores = 23, MemoryBytes = 80L << 20 },
            WorthResizing = true,
            Samples = 40,
            Reasons = { "cpu: p90 of 40 samples is 19.2m", "memory: peak" },
        };

        var json = await CtlRun.RunAsync("recommend", "workload", "web", "-o", "json", "--controller", Server.Address);
        var table = await CtlRun.RunAsync("recommend", "workload", "web", "--controller", Server.Address);

        Assert.That(json.ExitCode, Is.Zero, json.ToString);
        using var doc = JsonDocument.Parse(json.Out);
        var root = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("recommended").GetProperty("cpuMillicores").GetInt64(), Is.EqualTo(23));
            Assert.That(root.GetProperty("recommended").GetProperty("memory").GetString(), Is.EqualTo("80Mi"));
            Assert.That(root.GetProperty("worthResizing").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("reasons").GetArrayLength(), Is.EqualTo(2));
            Assert.That(table.Out, Does.Contain("recommended 23m cpu, 80Mi memory (worth a resize); from 40 usage samples")
                .And.Contain("apply it: edgectl resize workload web --cpu 23m --memory 83886080"));
        });
    }

    [Test]
    public async Task Recommend_TooFewSamples_SaysSoWithoutACommand()
    {
        Fake.Recommendation = new WorkloadRecommendation { Name = "web", Current = new Resources(), Samples = 3, Reasons = { "only 3 usage sample(s)" } };

        var run = await CtlRun.RunAsync("recommend", "workload", "web", "--controller", Server.Address);

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(run.Out, Does.Contain("no recommendation yet; 3 usage samples").And.Not.Contain("apply it"));
    }
}
