using Edge.Scheduling.Autoscaling;

namespace Edge.Scheduling.Tests.Autoscaling;

public sealed class GuestMetricTests
{
    [TestCase("a")]
    [TestCase("_")]
    [TestCase("requests_total")]
    [TestCase("Q2")]
    [TestCase("a123456789012345678901234567890123456789012345678901234567890123")] // 64
    public void IsValidName_MatchesThePattern_True(string name) => Assert.That(GuestMetric.IsValidName(name), Is.True);

    [TestCase("")]
    [TestCase("1a")]
    [TestCase("has space")]
    [TestCase("dash-ed")]
    [TestCase("dot.ted")]
    [TestCase("ünï")]
    [TestCase("a1234567890123456789012345678901234567890123456789012345678901234")] // 65
    public void IsValidName_OutsideThePattern_False(string name) => Assert.That(GuestMetric.IsValidName(name), Is.False);

    [Test]
    public void Problem_BuiltInOrValidGuest_None()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GuestMetric.Problem("queued_requests", ["queued_requests"]), Is.Null);
            Assert.That(GuestMetric.Problem("guest:hits", ["queued_requests"]), Is.Null);
        });
    }

    [Test]
    public void Problem_UnknownName_ListsKnownAndTheGuestForm() =>
        Assert.That(GuestMetric.Problem("hits", ["queued_requests"], "Pods"),
            Is.EqualTo("unknown Pods metric \"hits\"; known: queued_requests, or guest:NAME for a metric the workload reports itself"));
}
