using Edge.Scheduling;

namespace Edge.Scheduling.Tests;

public sealed class SelectorPlacementTests
{
    [Test]
    public void Place_EmptySelector_MatchesEveryNode()
    {
        var nodes = new[] { Node("n1", ("zone", "a")), Node("n2") };
        var workloads = new[] { Workload("web") };

        var decision = SelectorPlacement.Place(nodes, workloads);

        Assert.Multiple(() =>
        {
            Assert.That(decision.WorkloadsByNode["n1"], Is.EqualTo(new[] { "web" }));
            Assert.That(decision.WorkloadsByNode["n2"], Is.EqualTo(new[] { "web" }));
            Assert.That(decision.Rejections, Is.Empty);
        });
    }

    [Test]
    public void Place_MatchingSelector_PlacesOnlyOnMatchingNodes()
    {
        var nodes = new[] { Node("arm", ("arch", "arm64"), ("zone", "a")), Node("x86", ("arch", "x64"), ("zone", "a")) };
        var workloads = new[] { Workload("web", ("arch", "arm64"), ("zone", "a")) };

        var decision = SelectorPlacement.Place(nodes, workloads);

        Assert.Multiple(() =>
        {
            Assert.That(decision.WorkloadsByNode["arm"], Is.EqualTo(new[] { "web" }));
            Assert.That(decision.WorkloadsByNode["x86"], Is.Empty);
        });
    }

    [Test]
    public void Place_NodeMissingLabel_RejectionNamesTheKey()
    {
        var decision = SelectorPlacement.Place([Node("n1")], [Workload("web", ("zone", "a"))]);

        Assert.That(decision.Rejections, Is.EqualTo(new[]
        {
            new PlacementRejection("web", "n1", "node has no label zone (selector wants zone=a)"),
        }));
    }

    [Test]
    public void Place_NodeLabelWrongValue_RejectionNamesKeyAndBothValues()
    {
        var decision = SelectorPlacement.Place([Node("n1", ("zone", "b"))], [Workload("web", ("zone", "a"))]);

        Assert.That(decision.Rejections, Is.EqualTo(new[]
        {
            new PlacementRejection("web", "n1", "node label zone=b, selector wants zone=a"),
        }));
    }

    [Test]
    public void FirstMismatch_MissingAndWrongValue_GiveDistinctReasons()
    {
        var selector = Labels(("zone", "a"));

        var missing = SelectorPlacement.FirstMismatch(selector, Labels());
        var wrong = SelectorPlacement.FirstMismatch(selector, Labels(("zone", "b")));

        Assert.Multiple(() =>
        {
            Assert.That(missing, Does.Contain("zone"));
            Assert.That(wrong, Does.Contain("zone"));
            Assert.That(missing, Is.Not.EqualTo(wrong));
        });
    }

    [Test]
    public void FirstMismatch_AllTermsMatch_Null()
    {
        var reason = SelectorPlacement.FirstMismatch(Labels(("a", "1"), ("b", "2")), Labels(("a", "1"), ("b", "2"), ("c", "3")));

        Assert.That(reason, Is.Null);
    }

    [Test]
    public void FirstMismatch_SeveralFailingTerms_ReportsFirstKeyInOrdinalOrder()
    {
        // Inserted out of order on purpose: the reason must not depend on dictionary order.
        var selector = Labels(("zone", "a"), ("arch", "arm64"));

        var reason = SelectorPlacement.FirstMismatch(selector, Labels());

        Assert.That(reason, Is.EqualTo("node has no label arch (selector wants arch=arm64)"));
    }

    [Test]
    public void FirstMismatch_LabelValueDiffersOnlyInCase_Mismatch()
    {
        var reason = SelectorPlacement.FirstMismatch(Labels(("zone", "a")), Labels(("zone", "A")));

        Assert.That(reason, Is.EqualTo("node label zone=A, selector wants zone=a"));
    }

    [Test]
    public void Place_SeveralWorkloads_PerNodeListSortedOrdinally()
    {
        var workloads = new[] { Workload("web"), Workload("api"), Workload("Zeta"), Workload("cache") };

        var decision = SelectorPlacement.Place([Node("n1")], workloads);

        Assert.That(decision.WorkloadsByNode["n1"], Is.EqualTo(new[] { "Zeta", "api", "cache", "web" }));
    }

    [Test]
    public void Place_SeveralPairsFail_OneRejectionPerNonMatchingPair()
    {
        var nodes = new[] { Node("n1", ("zone", "a")), Node("n2", ("zone", "b")), Node("n3") };
        var workloads = new[] { Workload("only-a", ("zone", "a")), Workload("everywhere"), Workload("only-b", ("zone", "b")) };

        var decision = SelectorPlacement.Place(nodes, workloads);

        Assert.That(decision.Rejections.Select(r => (r.Workload, r.Node)), Is.EquivalentTo(new[]
        {
            ("only-b", "n1"),
            ("only-a", "n2"),
            ("only-a", "n3"),
            ("only-b", "n3"),
        }));
    }

    [Test]
    public void Place_EveryNode_HasAnEntryEvenWithNothingPlaced()
    {
        var decision = SelectorPlacement.Place([Node("n1"), Node("n2")], [Workload("web", ("zone", "a"))]);

        Assert.That(decision.WorkloadsByNode.Keys, Is.EquivalentTo(new[] { "n1", "n2" }));
    }

    [Test]
    public void Place_NoWorkloads_EmptyListsAndNoRejections()
    {
        var decision = SelectorPlacement.Place([Node("n1")], []);

        Assert.Multiple(() =>
        {
            Assert.That(decision.WorkloadsByNode["n1"], Is.Empty);
            Assert.That(decision.Rejections, Is.Empty);
        });
    }

    [Test]
    public void Place_NullNodes_Throws()
    {
        Assert.That(() => SelectorPlacement.Place(null!, []), Throws.ArgumentNullException);
    }

    private static PlacementNode Node(string name, params (string Key, string Value)[] labels) =>
        new() { Name = name, Labels = Labels(labels) };

    private static PlacementWorkload Workload(string name, params (string Key, string Value)[] selector) =>
        new() { Name = name, NodeSelector = Labels(selector) };

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
