using CsCheck;

namespace Edge.Scheduling.Tests;

public sealed class WorkloadKeysTests
{
    private static readonly Gen<string> Labels = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"], 1, 12]
        .Where(Names.IsDnsLabel);

    [TestCase("default", "hello", "hello")]
    [TestCase("", "hello", "hello")]
    [TestCase("acme", "web", "web.acme")]
    public void Of_DefaultTenantBare_OthersQualified(string tenant, string name, string key) =>
        Assert.That(WorkloadKeys.Of(tenant, name), Is.EqualTo(key));

    [Test]
    public void TenantAndName_OfAnyPair_SplitBackAndNeverEqualADefaultName()
    {
        Gen.Select(Labels, Labels, Labels).Sample((tenant, name, defaultName) =>
        {
            var key = WorkloadKeys.Of(tenant, name);
            Assert.That((WorkloadKeys.TenantOf(key), WorkloadKeys.NameOf(key)), Is.EqualTo((tenant, name)));
            Assert.That(WorkloadKeys.IsValid(key), Is.True);
            if (tenant != WorkloadKeys.DefaultTenant)
            {
                Assert.That(key, Is.Not.EqualTo(WorkloadKeys.Of(WorkloadKeys.DefaultTenant, defaultName)));
            }
        }, iter: 2000);
    }

    [TestCase("web.default")]
    [TestCase("web.")]
    [TestCase(".acme")]
    [TestCase("a.b.c")]
    [TestCase("Web.acme")]
    [TestCase(null)]
    public void IsValid_NotAPair_False(string? key) => Assert.That(WorkloadKeys.IsValid(key), Is.False);

    [Test]
    public void Describe_NamesTheTenantOutsideTheDefault()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WorkloadKeys.Describe("hello"), Is.EqualTo("\"hello\""));
            Assert.That(WorkloadKeys.Describe("web.acme"), Is.EqualTo("\"web\" in tenant \"acme\""));
        });
    }
}
