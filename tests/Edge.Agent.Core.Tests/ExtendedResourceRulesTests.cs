using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

public sealed class ExtendedResourceRulesTests
{
    [TestCase("edge.io/gpu")]
    [TestCase("example.com/camera")]
    [TestCase("vendor.example.com/npu_v2.1")]
    public void NameProblem_DomainPrefixedName_None(string name) =>
        Assert.That(ExtendedResourceRules.NameProblem(name), Is.Null);

    [TestCase("gpu")]
    [TestCase("/gpu")]
    [TestCase("edge.io/")]
    [TestCase("Edge.IO/gpu")]
    [TestCase("edge.io/gpu/0")]
    [TestCase("edge..io/gpu")]
    [TestCase("edge.io/-gpu")]
    [TestCase("cpu")]
    public void NameProblem_NotDomainPrefixed_NamesTheName(string name) =>
        Assert.That(ExtendedResourceRules.NameProblem(name), Is.EqualTo($"\"{name}\" is not an extended resource name: a domain prefix and a name, e.g. edge.io/gpu or example.com/camera"));

    [TestCase("0", true, 0)]
    [TestCase("2", true, 2)]
    [TestCase("1000000", true, 1_000_000)]
    [TestCase("1000001", false, 0)]
    [TestCase("-1", false, 0)]
    [TestCase("1.5", false, 0)]
    [TestCase("500m", false, 0)]
    [TestCase("", false, 0)]
    public void TryParseCount_WholeNumbersInRangeOnly(string text, bool ok, long expected)
    {
        Assert.That(ExtendedResourceRules.TryParseCount(text, out var count), Is.EqualTo(ok));
        if (ok)
        {
            Assert.That(count, Is.EqualTo(expected));
        }
    }

    [Test]
    public void Problems_EveryBadEntryAndTooMany_Listed()
    {
        var many = Enumerable.Range(0, 17).ToDictionary(i => $"example.com/d{i}", _ => 1L);
        many["gpu"] = 1;
        many["edge.io/gpu"] = -2;

        var problems = ExtendedResourceRules.Problems(many);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "at most 16 extended resources, got 19",
            "\"gpu\" is not an extended resource name: a domain prefix and a name, e.g. edge.io/gpu or example.com/camera",
            "edge.io/gpu: must be a whole number from 0 to 1,000,000, got -2",
        }));
    }
}
