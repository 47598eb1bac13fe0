using Edge.Agent.Connection;
using Edge.Agent.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Tests.Connection;

public sealed class NodeFactsProviderTests
{
    [Test]
    public void Read_Options_NameAndLabelsFromOptions()
    {
        var provider = new NodeFactsProvider(Options.Create(new AgentOptions
        {
            NodeName = "gateway-01",
            Labels = new Dictionary<string, string> { ["zone"] = "eu-1" },
        }));

        var facts = provider.Read();

        Assert.That(facts.Name, Is.EqualTo("gateway-01"));
        Assert.That(facts.Labels["zone"], Is.EqualTo("eu-1"));
        Assert.That(facts.Labels["edge.io/arch"], Is.EqualTo(facts.Arch));
        Assert.That(facts.Labels["edge.io/os"], Is.EqualTo(facts.Os));
        Assert.That(facts.Labels, Has.Count.EqualTo(3));
    }

    [Test]
    public void Read_ThisMachine_DeviceFactsSet()
    {
        var facts = new NodeFactsProvider(Options.Create(new AgentOptions { NodeName = "n1" })).Read();

        Assert.That(facts.CpuMillicores, Is.EqualTo(Environment.ProcessorCount * 1000));
        Assert.That(facts.MemoryBytes, Is.Positive);
        Assert.That(facts.Arch, Is.Not.Empty.And.EqualTo(facts.Arch.ToLowerInvariant()));
        Assert.That(facts.Os, Is.EqualTo(OperatingSystem.IsLinux() ? "linux" : facts.Os));
        Assert.That(facts.AgentVersion, Does.Match(@"^\d+\.\d+\.\d+$"));
        Assert.That(facts.Hostname, Is.EqualTo(Environment.MachineName));
    }

    [Test]
    public void Read_UserLabelClaimsArch_ReportedArchWins()
    {
        var provider = new NodeFactsProvider(Options.Create(new AgentOptions
        {
            NodeName = "n1",
            Labels = new Dictionary<string, string> { ["edge.io/arch"] = "sparc" },
        }));

        var facts = provider.Read();

        Assert.That(facts.Labels["edge.io/arch"], Is.EqualTo(facts.Arch));
        Assert.That(facts.Arch, Is.Not.EqualTo("sparc"));
    }
}
