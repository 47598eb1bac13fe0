using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Edge.Protos.V1;

namespace Edge.IntegrationTests.Identity;

/// <summary>Offline enrollment from a signed bundle, with real processes: no network needed, adoption without restart, single use.</summary>
[TestFixture]
[NonParallelizable]
public sealed class BundleTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Test]
    public async Task Bundle_RunsWorkloadsWithNoController_ThenAdoptedWithoutRestart()
    {
        using var fleet = new SecureFleet();
        await fleet.StartControllerAsync();
        var bundle = Path.Combine(fleet.Dir, "off-1.edgebundle");
        var made = await fleet.EdgectlAsync("bundle", "create", "--node", "off-1", "--labels", "site=ship", "-f", Repo.Sample("hello/workload.yaml"), "-o", bundle);
        fleet.StopController();

        var enrolled = await fleet.EnrollAsync("off-1", "--bundle", bundle);
        var port = Ports.Free();
        var agent = fleet.StartAgent("off-1", port);
        var offline = await Eventually.Until(() => StatusAsync(port), s => Phase(s, "hello") == "Running", TimeSpan.FromSeconds(30), "hello runs before any contact");
        var since = Since(offline, "hello");
        await fleet.StartControllerAsync();
        var nodes = await Eventually.Until(fleet.NodesAsync, n => n.Any(x => x.Name == "off-1" && x.Condition == NodeCondition.Ready
            && x.Workloads.Any(w => w.Name == "hello" && w.Phase == WorkloadPhase.Running)), TimeSpan.FromSeconds(30), "off-1 adopted with hello running");
        var online = await StatusAsync(port);
        // The redeemed certificate is also the node's MQTT identity: telemetry flows over TLS to the embedded broker.
        var telemetry = await Eventually.Until(fleet.NodesAsync, n => n.Any(x => x.Name == "off-1" && x.Telemetry is not null),
            TimeSpan.FromSeconds(30), "off-1's telemetry arrives with the credentials of its redeemed voucher");

        Assert.Multiple(() =>
        {
            Assert.That(made.Code, Is.Zero, made.Output);
            Assert.That(enrolled.Code, Is.Zero, enrolled.Output);
            Assert.That(offline.GetProperty("controllerConnected").GetBoolean(), Is.False);
            Assert.That(agent.OutputContains("Bundle voucher redeemed"), Is.True, agent.Output);
            Assert.That(nodes.Single(n => n.Name == "off-1").Facts.Labels["site"], Is.EqualTo("ship"));
            Assert.That(Since(online, "hello"), Is.EqualTo(since), "hello was not restarted on adoption");
            Assert.That(telemetry.Single(n => n.Name == "off-1").Telemetry.Sequence, Is.GreaterThan(0UL));
            Assert.That(File.Exists(Path.Combine(fleet.AgentDir("off-1"), "identity", "mqtt.password")), Is.True, "the bundle-enrolled node has its per-certificate broker password");
        });
    }

    [Test]
    public async Task Bundle_Tampered_RefusedNamingTheSignature_NothingWritten()
    {
        using var fleet = new SecureFleet();
        await fleet.StartControllerAsync();
        var bundle = Path.Combine(fleet.Dir, "tam-1.edgebundle");
        Assert.That((await fleet.EdgectlAsync("bundle", "create", "--node", "tam-1", "--labels", "role=sensor", "-o", bundle)).Code, Is.Zero);
        var bytes = await File.ReadAllBytesAsync(bundle);
        var at = IndexOf(bytes, Encoding.ASCII.GetBytes("sensor"));
        bytes[at] = (byte)'S'; // same length: still a well-formed bundle, only the signature can tell
        await File.WriteAllBytesAsync(bundle, bytes);

        var (code, output) = await fleet.EnrollAsync("tam-1", "--bundle", bundle);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(output, Does.Contain("signature does not verify").And.Contain("nothing was written"));
            Assert.That(Directory.Exists(Path.Combine(fleet.AgentDir("tam-1"), "identity")), Is.False);
            Assert.That(File.Exists(Path.Combine(fleet.AgentDir("tam-1"), "agent.json")), Is.False);
        });
    }

    [Test]
    public async Task Bundle_VoucherReusedOnASecondDevice_RefusedAtFirstContact_NoCertificate()
    {
        using var fleet = new SecureFleet();
        await fleet.StartControllerAsync();
        var bundle = Path.Combine(fleet.Dir, "dup-1.edgebundle");
        Assert.That((await fleet.EdgectlAsync("bundle", "create", "--node", "dup-1", "-o", bundle)).Code, Is.Zero);
        Assert.That((await fleet.EnrollAsync("dup-1", "--bundle", bundle)).Code, Is.Zero);
        Assert.That((await fleet.EnrollAsync("dup-1-copy", "--bundle", bundle)).Code, Is.Zero, "offline, a copy cannot be told apart");

        fleet.StartAgent("dup-1");
        await Eventually.Until(() => File.Exists(Path.Combine(fleet.AgentDir("dup-1"), "identity", "node.crt")), TimeSpan.FromSeconds(30), "the first device redeems the voucher");
        var copy = fleet.StartAgent("dup-1-copy");
        await Eventually.Until(() => copy.OutputContains("Bundle voucher refused"), TimeSpan.FromSeconds(30), "the copy's redemption is refused");

        Assert.Multiple(() =>
        {
            Assert.That(copy.Output, Does.Contain("was already redeemed"));
            Assert.That(File.Exists(Path.Combine(fleet.AgentDir("dup-1-copy"), "identity", "node.crt")), Is.False);
        });
    }

    private static async Task<JsonElement> StatusAsync(int port) =>
        await Http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/status");

    private static JsonElement? Workload(JsonElement status, string name) =>
        status.GetProperty("workloads").EnumerateArray().Where(w => w.GetProperty("name").GetString() == name).Select(w => (JsonElement?)w).FirstOrDefault();

    private static string? Phase(JsonElement status, string name) => Workload(status, name)?.GetProperty("phase").GetString();

    private static string? Since(JsonElement status, string name) => Workload(status, name)?.GetProperty("since").GetString();

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        throw new InvalidOperationException("marker not found in the bundle");
    }
}
