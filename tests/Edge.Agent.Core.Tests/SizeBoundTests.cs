using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

[TestFixture]
public sealed class SizeBoundTests
{
    private static readonly string[] Items = ["aaaa", "bbbb", "cccc", "dddd"];

    [Test]
    public void Keep_AllFit_IsTheSameList()
    {
        Assert.That(SizeBound.Keep(Items, s => s.Length, 16, newest: true), Is.SameAs(Items));
    }

    [Test]
    public void Keep_Newest_KeepsTheLastThatFitInOrder()
    {
        Assert.That(SizeBound.Keep(Items, s => s.Length, 11, newest: true), Is.EqualTo(new[] { "cccc", "dddd" }));
    }

    [Test]
    public void Keep_Oldest_KeepsTheFirstThatFitInOrder()
    {
        Assert.That(SizeBound.Keep(Items, s => s.Length, 12, newest: false), Is.EqualTo(new[] { "aaaa", "bbbb", "cccc" }));
    }

    [Test]
    public void Keep_NothingFits_IsEmpty()
    {
        Assert.That(SizeBound.Keep(Items, s => s.Length, 3, newest: true), Is.Empty);
    }
}
