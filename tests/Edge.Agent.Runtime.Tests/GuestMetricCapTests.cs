namespace Edge.Agent.Runtime.Tests;

public sealed class GuestMetricCapTests
{
    [Test]
    public async Task Metrics_MoreNamesThanTheCap_KeepsTheFirstSeenAndCountsTheRefused()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("names", TestModules.ThirtyTwoMetrics());

        var first = await h.InvokeAsync("names");
        var second = await h.InvokeAsync("names", stdin: "x");
        var metrics = h.Runtime.Metrics().Single();

        Assert.That(first.Succeeded && second.Succeeded, Is.True, first.Error + second.Error);
        Assert.That(metrics.Custom, Has.Count.EqualTo(Edge.Agent.Core.WorkloadMetrics.MaxCustomNames));
        Assert.That(metrics.Custom.Keys, Has.Member("m00").And.Member("m31").And.No.Member("m32"));
        Assert.That(metrics.CustomRefused, Is.EqualTo(32));
    }
}
