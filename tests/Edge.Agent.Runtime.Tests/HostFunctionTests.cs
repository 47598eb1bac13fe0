using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

public sealed class HostFunctionTests
{
    [Test]
    public async Task InvokeAsync_EdgeLogAndMetric_ReturnsTheLogAndSumsTheMetric()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("reporter", TestModules.LogAndMetric);

        var first = await h.InvokeAsync("reporter");
        await h.InvokeAsync("reporter");

        Assert.That(first.Succeeded, Is.True, first.Error);
        Assert.That(first.Logs, Is.EqualTo(new[] { (2, "hello from the guest") }));
        Assert.That(h.Runtime.Metrics().Single().Custom["items"], Is.EqualTo(5.0));
        Assert.That(h.Logger.Entries.Any(e => e.EventId.Id == 2511 && e.Message == "reporter log: hello from the guest"), Is.True);
    }

    [Test]
    public async Task InvokeAsync_EdgeLogPointerOutsideMemory_TrapsNamingTheRange()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("wild", TestModules.LogOutOfBounds);

        var result = await h.InvokeAsync("wild");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Trapped));
        Assert.That(result.Error, Does.Contain("edge.log: bytes 65530..65630 are outside linear memory"));
    }

    [Test]
    public async Task StartAsync_JobUsingHostFunctions_RunsOnceAtStart()
    {
        using var h = new RuntimeHarness();

        var status = await h.StartAsync("job", TestModules.LogAndMetric);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
        Assert.That(status.Invocations, Is.EqualTo(1));
    }
}
