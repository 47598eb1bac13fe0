using YamlDotNet.RepresentationModel;

namespace Edge.IntegrationTests.Installers;

/// <summary>installers/k3s: the controller as a StatefulSet with its store on a PVC, gRPC and MQTT served, secure by default.</summary>
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

        Assert.That(ports, Is.EquivalentTo(new[] { ("grpc", "7400"), ("mqtts", "8883") }), "only authenticated TLS ports; no plain MQTT, no /metrics");
    }

    [Test]
    public void Manifest_RunsMtlsWithNoDevModeAndNoAnonymousMqtt()
    {
        var set = Documents().Single(d => Text(d, "kind") == "StatefulSet");
        var pod = At(set, "spec", "template", "spec");
        var container = At(pod, "containers", "0");
        var args = ((YamlSequenceNode)At(container, "args")).Select(a => ((YamlScalarNode)a).Value ?? "").ToList();
        var env = ((YamlSequenceNode)At(container, "env")).ToDictionary(e => Text(e, "name"), e => Text(e, "value"));

        Assert.Multiple(() =>
        {
            Assert.That(args[args.IndexOf("--security") + 1], Is.EqualTo("mtls"));
            Assert.That(args[args.IndexOf("--listen") + 1], Does.StartWith("https://"));
            Assert.That(args, Has.None.EqualTo("dev"));
            Assert.That(env.Values, Has.None.EqualTo("dev"));
            Assert.That(env.Keys, Has.None.Contains("Security__Mode"), "the mode is the argument's alone");
            Assert.That(env.Keys, Has.None.Contains("Mqtt__PlainBindAddress"), "no plain MQTT listener");
            Assert.That(env["EDGE_Controller__Mqtt__BindAddress"], Is.EqualTo("0.0.0.0"), "the TLS listener on the pod's addresses");
            Assert.That(env["EDGE_Controller__Mqtt__AdvertisedUri"], Does.StartWith("mqtts://"));
            Assert.That(env["EDGE_Controller__Security__ServerNames"], Does.Contain("edge-controller.edge-system.svc"));
            Assert.That(((YamlMappingNode)At(pod, "securityContext")).Children.Keys.Select(k => ((YamlScalarNode)k).Value), Has.None.EqualTo("fsGroup"),
                "fsGroup makes the kubelet open the volume's files to the group");
        });
    }

    [Test]
    public void Dockerfile_RunsMtlsOnTlsWithAPrivateDataDir()
    {
        var lines = File.ReadAllLines(Path.Combine(Repo.Root, "installers", "k3s", "Dockerfile"));
        var cmd = lines.Single(l => l.StartsWith("CMD ", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(cmd, Does.Contain("\"--security\", \"mtls\"").And.Contain("\"https://0.0.0.0:7400\""));
            Assert.That(cmd, Does.Not.Contain("\"dev\""));
            Assert.That(lines.Single(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)), Is.EqualTo("EXPOSE 7400 8883"));
            Assert.That(string.Join('\n', lines), Does.Contain("install -d -m 0700 -o 10001 -g 10001 /var/lib/edge-controller"));
        });
    }

    [Test]
    public void Manifest_StatefulSetWithStoreOnPvcAndPortProbes()
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
            Assert.That(args, Is.SupersetOf(new[] { "run", "--data-dir", "/var/lib/edge-controller", "https://0.0.0.0:7400" }));
            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            {
                // Kubernetes' grpc probes speak no TLS, and the gRPC port is TLS in mtls mode.
                Assert.That(Text(container, probe, "tcpSocket", "port"), Is.EqualTo("grpc"), probe);
            }
        });
    }

    /// <summary>
    /// The init container's script, run with /bin/sh against temporary directories in place of the
    /// Secret's mount and the volume: no Secret changes nothing; a Secret fills an empty volume
    /// (0600 in 0700); the same CA again passes; another CA in the volume stops the pod unchanged.
    /// </summary>
    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task FleetCaInit_FromSecret_InstallsOnceAndNeverReplacesAnotherCa()
    {
        var set = Documents().Single(d => Text(d, "kind") == "StatefulSet");
        var pod = At(set, "spec", "template", "spec");
        var init = At(pod, "initContainers", "0");
        var volume = ((YamlSequenceNode)At(pod, "volumes")).Single(v => Text(v, "name") == "fleet-ca");
        var root = Directory.CreateTempSubdirectory("edge-k3s-ca-").FullName;
        try
        {
            var secret = Path.Combine(root, "secret");
            var store = Path.Combine(root, "store");
            Directory.CreateDirectory(secret);
            Directory.CreateDirectory(store);
            var script = ((YamlScalarNode)((YamlSequenceNode)At(init, "args"))[0]).Value!
                .Replace("/etc/edge-ca", secret, StringComparison.Ordinal)
                .Replace("/var/lib/edge-controller", store, StringComparison.Ordinal);
            Task<Shell.Result> Run() => Shell.RunAsync("/bin/sh", ["-ec", script], TimeSpan.FromSeconds(30));
            var pki = Path.Combine(store, "pki");

            var noSecret = await Run();
            var madeNothing = !Directory.Exists(pki);

            await File.WriteAllTextAsync(Path.Combine(secret, "ca.crt"), "certificate A");
            await File.WriteAllTextAsync(Path.Combine(secret, "ca.key"), "key A");
            var installed = await Run();
            var keyMode = File.GetUnixFileMode(Path.Combine(pki, "ca.key"));
            var dirMode = File.GetUnixFileMode(pki);
            var again = await Run();

            await File.WriteAllTextAsync(Path.Combine(secret, "ca.key"), "key B");
            var other = await Run();

            Assert.Multiple(() =>
            {
                Assert.That(Text(volume, "secret", "secretName"), Is.EqualTo("edge-controller-ca"));
                Assert.That(Text(volume, "secret", "optional"), Is.EqualTo("true"), "the controller still starts without the Secret");
                Assert.That(noSecret.ExitCode, Is.Zero, noSecret.ToString());
                Assert.That(madeNothing, Is.True, "no Secret: the volume is left to the controller");
                Assert.That(installed.ExitCode, Is.Zero, installed.ToString());
                Assert.That(keyMode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
                Assert.That(dirMode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
                Assert.That(again.ExitCode, Is.Zero, again.ToString());
                Assert.That(other.ExitCode, Is.Not.Zero, "another CA in the volume stops the pod");
                Assert.That(other.Output, Does.Contain("refusing to replace"));
                Assert.That(File.ReadAllText(Path.Combine(pki, "ca.key")), Is.EqualTo("key A"), "the volume's CA is unchanged");
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
