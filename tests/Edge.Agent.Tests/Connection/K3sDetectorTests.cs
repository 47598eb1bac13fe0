using Edge.Agent.Connection;
using Edge.Agent.Hosting;
using Edge.Agent.Tests.Support;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Tests.Connection;

public sealed class K3sDetectorTests
{
    [Test]
    public void Detect_NoConfigNoDataDir_Null()
    {
        using var dir = new TempDirectory();

        var k3s = K3sDetector.Detect(Path.Combine(dir.Path, "config.yaml"), Path.Combine(dir.Path, "k3s"), "host");

        Assert.That(k3s, Is.Null);
    }

    [Test]
    public void Detect_DataDirOnly_HostNameLowercased()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "k3s"));

        var k3s = K3sDetector.Detect(Path.Combine(dir.Path, "config.yaml"), Path.Combine(dir.Path, "k3s"), "Gateway-7");

        Assert.That(k3s, Is.Not.Null);
        Assert.That(k3s!.Name, Is.EqualTo("gateway-7"));
        Assert.That(k3s.Labels, Is.Empty);
    }

    [TestCase("node-label:\n  - \"zone=eu-1\"\n  - rack=r7 # comment\nwrite-kubeconfig-mode: \"0644\"\n")]
    [TestCase("node-label: [\"zone=eu-1\", 'rack=r7']\n")]
    public void Detect_Config_NodeNameAndLabels(string labels)
    {
        using var dir = new TempDirectory();
        var config = Path.Combine(dir.Path, "config.yaml");
        File.WriteAllText(config, "# K3s\nnode-name: \"store-12\"\n" + labels);

        var k3s = K3sDetector.Detect(config, Path.Combine(dir.Path, "absent"), "host");

        Assert.That(k3s!.Name, Is.EqualTo("store-12"));
        Assert.That(k3s.Labels, Is.EquivalentTo(new Dictionary<string, string> { ["zone"] = "eu-1", ["rack"] = "r7" }));
    }

    [Test]
    public void Read_BesideK3s_LabelsNodeAndSubtractsDefaultReservation()
    {
        using var dir = new TempDirectory();
        var config = Path.Combine(dir.Path, "config.yaml");
        File.WriteAllText(config, "node-name: k3s-a\nnode-label:\n  - zone=k3s\n  - tier=edge\n");
        var options = new AgentOptions
        {
            NodeName = "n1",
            K3sConfigFile = config,
            K3sDataDir = Path.Combine(dir.Path, "absent"),
            Labels = new Dictionary<string, string> { ["zone"] = "mine" },
        };
        var without = new NodeFactsProvider(Options.Create(new AgentOptions
        {
            NodeName = "n1",
            K3sConfigFile = Path.Combine(dir.Path, "absent.yaml"),
            K3sDataDir = Path.Combine(dir.Path, "absent"),
        })).Read();

        var facts = new NodeFactsProvider(Options.Create(options)).Read();

        Assert.Multiple(() =>
        {
            Assert.That(facts.K3SNodeName, Is.EqualTo("k3s-a"));
            Assert.That(facts.Labels[NodeFactsProvider.K3sLabel], Is.EqualTo("true"));
            Assert.That(facts.Labels[NodeFactsProvider.K3sNodeLabel], Is.EqualTo("k3s-a"));
            Assert.That(facts.Labels["tier"], Is.EqualTo("edge"), "K3s's node-label");
            Assert.That(facts.Labels["zone"], Is.EqualTo("mine"), "the agent's own label wins");
            Assert.That(facts.CpuMillicores, Is.EqualTo(Math.Max(0, without.CpuMillicores - AgentOptions.DefaultK3sReservedCpuMillicores)));
            Assert.That(facts.MemoryBytes, Is.EqualTo(without.MemoryBytes - AgentOptions.DefaultK3sReservedMemoryBytes).Within(64L * 1024 * 1024));
            Assert.That(without.K3SNodeName, Is.Empty);
            Assert.That(without.Labels.ContainsKey(NodeFactsProvider.K3sLabel), Is.False);
            Assert.That(without.Labels.ContainsKey(NodeFactsProvider.ReservedCpuLabel), Is.False);
        });
    }

    [Test]
    public void Read_ConfiguredReservation_SubtractedAndLabelled()
    {
        using var dir = new TempDirectory();
        var options = new AgentOptions
        {
            NodeName = "n1",
            K3sConfigFile = Path.Combine(dir.Path, "absent.yaml"),
            K3sDataDir = Path.Combine(dir.Path, "absent"),
            ReservedCpuMillicores = 250,
            ReservedMemoryBytes = 1_000_000,
        };

        var facts = new NodeFactsProvider(Options.Create(options)).Read();

        Assert.That(facts.CpuMillicores, Is.EqualTo(Math.Max(0, (Environment.ProcessorCount * 1000) - 250)));
        Assert.That(facts.Labels[NodeFactsProvider.ReservedCpuLabel], Is.EqualTo("250"));
        Assert.That(facts.Labels[NodeFactsProvider.ReservedMemoryLabel], Is.EqualTo("1000000"));
    }
}
