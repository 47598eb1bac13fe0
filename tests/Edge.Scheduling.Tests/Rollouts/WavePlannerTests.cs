using Edge.Scheduling.Rollouts;

namespace Edge.Scheduling.Tests.Rollouts;

public sealed class WavePlannerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CohortSize[] Waves = [CohortSize.Share(10), CohortSize.Share(50), CohortSize.Share(100)];
    private static readonly List<RolloutNode> Nodes = [.. Enumerable.Range(0, 20).Select(i => new RolloutNode($"n{i:00}", new Dictionary<string, string>(), Ready: i != 3))];

    [Test]
    public void Next_FromTheCanary_MovesUpToTheWavesShareReadyNodesFirst()
    {
        var decision = WavePlanner.Next(Nodes, Set("n00"), Waves, 0, null, [], null, TimeSpan.Zero, T0);

        Assert.That(decision.Move, Is.EqualTo(new[] { "n01" }), "10 % of 20 is 2, one is the canary");
        decision = WavePlanner.Next(Nodes, Set("n00", "n01"), Waves, 1, null, [], null, TimeSpan.Zero, T0);
        Assert.That(decision.Move, Has.Count.EqualTo(8));
        Assert.That(decision.Move, Does.Not.Contain("n03"), "the offline node comes last");
    }

    [Test]
    public void Next_WaveDone_PausesBeforeTheNext()
    {
        var onNew = Set("n00", "n01");
        var done = WavePlanner.Next(Nodes, onNew, Waves, 0, null, [], null, TimeSpan.FromMinutes(5), T0);
        Assert.That(done.Move, Is.Empty);
        Assert.That(done.Complete, Is.False);
        Assert.That(done.Reason, Does.StartWith("wave 1 done"));

        var waiting = WavePlanner.Next(Nodes, onNew, Waves, 1, T0, [], null, TimeSpan.FromMinutes(5), T0 + TimeSpan.FromMinutes(2));
        Assert.That(waiting.Move, Is.Empty);
        Assert.That(waiting.WaitUntil, Is.EqualTo(T0 + TimeSpan.FromMinutes(5)));

        var going = WavePlanner.Next(Nodes, onNew, Waves, 1, T0, [], null, TimeSpan.FromMinutes(5), T0 + TimeSpan.FromMinutes(5));
        Assert.That(going.Move, Has.Count.EqualTo(8));
    }

    [Test]
    public void Next_MaxPerMinute_MovesNoMoreThanThatInAnyMinute()
    {
        DateTimeOffset[] moved = [T0 - TimeSpan.FromSeconds(90), T0 - TimeSpan.FromSeconds(40), T0 - TimeSpan.FromSeconds(10)];

        var decision = WavePlanner.Next(Nodes, Set("n00"), Waves, 2, null, moved, 4, TimeSpan.Zero, T0);
        Assert.That(decision.Move, Has.Count.EqualTo(2), "two moves in the last minute, four allowed");

        var full = WavePlanner.Next(Nodes, Set("n00"), Waves, 2, null, [.. moved, T0, T0], 4, TimeSpan.Zero, T0);
        Assert.That(full.Move, Is.Empty);
        Assert.That(full.WaitUntil, Is.EqualTo(T0 - TimeSpan.FromSeconds(40) + TimeSpan.FromMinutes(1)));
    }

    [Test]
    public void Next_EveryNodeOnTheNewRevision_Complete()
    {
        var decision = WavePlanner.Next(Nodes, Set([.. Nodes.Select(n => n.Name)]), Waves, 2, null, [], null, TimeSpan.Zero, T0);

        Assert.That(decision.Complete, Is.True);
        Assert.That(decision.Move, Is.Empty);
    }

    [Test]
    public void Next_BadArguments_Refused()
    {
        Assert.That(() => WavePlanner.Next(Nodes, Set(), [], 0, null, [], null, TimeSpan.Zero, T0), Throws.ArgumentException);
        Assert.That(() => WavePlanner.Next(Nodes, Set(), Waves, 0, null, [], 0, TimeSpan.Zero, T0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [TestCase(RolloutPhase.Canary, "n00", 2)]
    [TestCase(RolloutPhase.Canary, "n05", 1)]
    [TestCase(RolloutPhase.Waves, "n05", 1)]
    [TestCase(RolloutPhase.Completed, "n05", 2)]
    [TestCase(RolloutPhase.RolledBack, "n00", 1)]
    [TestCase(RolloutPhase.Aborted, "n00", 1)]
    public void RevisionFor_ReturningNode_NeverARolledBackRevision(RolloutPhase phase, string node, int expected) =>
        Assert.That(RevisionCatchUp.RevisionFor(node, phase, stableRevision: 1, newRevision: 2, onNew: Set("n00")), Is.EqualTo(expected));

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);
}
