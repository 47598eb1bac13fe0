namespace Edge.Agent.Runtime.Tests;

public sealed class DurationTextTests
{
    [TestCase(10_000, "10s")]
    [TestCase(1_500, "1.5s")]
    [TestCase(100, "100ms")]
    [TestCase(0.5, "0.5ms")]
    public void Format_Duration_IsShortText(double milliseconds, string expected) =>
        Assert.That(DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));
}
