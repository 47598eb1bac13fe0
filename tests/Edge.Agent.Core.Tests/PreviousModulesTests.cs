using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

public sealed class PreviousModulesTests
{
    [Test]
    public void Keep_ModuleChanged_KeepsTheOneBeforeToo()
    {
        var modules = new PreviousModules();
        Assert.That(modules.Keep([("web", "a")]), Is.EquivalentTo(new[] { "a" }));

        Assert.That(modules.Keep([("web", "b")]), Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(modules.Keep([("web", "b")]), Is.EquivalentTo(new[] { "a", "b" }), "unchanged: still the one before");
    }

    [Test]
    public void Keep_ChangedTwice_OnlyTheLastPreviousIsKept()
    {
        var modules = new PreviousModules();
        modules.Keep([("web", "a")]);
        modules.Keep([("web", "b")]);

        Assert.That(modules.Keep([("web", "c")]), Is.EquivalentTo(new[] { "b", "c" }));
    }

    [Test]
    public void Keep_RolledBack_KeepsTheOneRolledBackFrom()
    {
        var modules = new PreviousModules();
        modules.Keep([("web", "a")]);
        modules.Keep([("web", "b")]);

        Assert.That(modules.Keep([("web", "a")]), Is.EquivalentTo(new[] { "a", "b" }));
    }

    [Test]
    public void Keep_WorkloadLeaves_ItsModulesAreNoLongerKept()
    {
        var modules = new PreviousModules();
        modules.Keep([("web", "a"), ("api", "x")]);
        modules.Keep([("web", "b"), ("api", "x")]);

        Assert.That(modules.Keep([("api", "x")]), Is.EquivalentTo(new[] { "x" }));
        Assert.That(modules.Keep([("web", "c"), ("api", "x")]), Is.EquivalentTo(new[] { "c", "x" }), "a returning workload starts afresh");
    }
}
