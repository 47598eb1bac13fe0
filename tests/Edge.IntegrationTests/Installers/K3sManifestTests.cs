using YamlDotNet.RepresentationModel;

namespace Edge.IntegrationTests.Installers;

/// <summary>installers/k3s: the controller as a StatefulSet with its store on a PVC, gRPC and MQTT served, gRPC health probes.</summary>
[TestFixture]
public sealed class K3sManifestTests
{
    private static List<YamlMappingNode> Documents()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Repo.Root, "installers", "k3s", "edge-controller.yaml"));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => int.TryParse(key, out var i) ? ((YamlSequenceNode)n)[i] : ((YamlMappingNode)n)[key]);

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value ?? "";

    [Test]
    public void Manifest_ServiceExposesGrpcAndMqtt()
    {
        var service = Documents().Single(d => Text(d, "kind") == "Service" && Text(d, "metadata", "name") == "edge-controller");

        var ports = ((YamlSequenceNode)At(service, "spec", "ports")).Select(p => (Text(p, "name"), Text(p, "port"))).ToList();

        Assert.That(ports, Is.EquivalentTo(new[] { ("grpc", "7400"), ("mqtt", "1883") }));
    }

    [Test]
    public void Manifest_StatefulSetWithStoreOnPvcAndGrpcProbes()
    {
        var set = Documents().Single(d => Text(d, "kind") == "StatefulSet");
        var container = At(set, "spec", "template", "spec", "containers", "0");
        var claim = At(set, "spec", "volumeClaimTemplates", "0");
        var mounts = ((YamlSequenceNode)At(container, "volumeMounts")).Select(m => (Text(m, "name"), Text(m, "mountPath")));
        var args = ((YamlSequenceNode)At(container, "args")).Select(a => ((YamlScalarNode)a).Value).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Text(set, "spec", "replicas"), Is.EqualTo("1"), "one writer per LiteDB file");
            Assert.That(Text(claim, "metadata", "name"), Is.EqualTo("store"));
            Assert.That(mounts, Does.Contain(("store", "/var/lib/edge-controller")));
            Assert.That(args, Is.SupersetOf(new[] { "run", "--data-dir", "/var/lib/edge-controller", "http://0.0.0.0:7400" }));
            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            {
                Assert.That(Text(container, probe, "grpc", "port"), Is.EqualTo("7400"), probe);
            }
        });
    }
}
