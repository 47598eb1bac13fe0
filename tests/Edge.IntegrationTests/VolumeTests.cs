using System.Net;
using System.Text;
using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>
/// Volumes as a user meets them: samples/kv-store (C, built with clang-14 in the test) applied with
/// edgectl through a real controller to a real agent, its data kept across a SIGKILL of the agent
/// and a module upgrade, its quota refused with the reason where an operator looks, and its data
/// removed when it is deleted.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class VolumeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static string Volumes(long sizeBytes) => $"""
          triggers:
            - kind: http
          volumes:
            - name: data
              kind: persistent
              mountPath: /data
              sizeBytes: {sizeBytes}
        """;

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task KvStore_KeepsItsDataAcrossAgentKillAndUpgrade_QuotaRefusedVisibly_DeleteRemovesIt()
    {
        using var fleet = new LocalFleet();
        var v1 = Compile(fleet, "-O2");
        var v2 = Compile(fleet, "-O1");
        await fleet.StartControllerAsync();
        var triggerPort = Ports.Free();
        string[] agentArgs = ["--set", $"Agent:TriggerListen=http://127.0.0.1:{triggerPort}"];
        fleet.StartAgent("node-1", null, agentArgs);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var url = $"http://127.0.0.1:{triggerPort}/w/kv";

        await ApplyAsync(fleet, v1, 32 * 1024);
        await WaitRunningAsync(fleet, v1);
        using (var put = await http.PutAsync($"{url}?colour", new StringContent("blue")))
        {
            Assert.That(await put.Content.ReadAsStringAsync(), Is.EqualTo("stored\n"));
        }

        await JobPhaseTests.RestartAgentAsync(fleet, "node-1", agentArgs);
        await WaitRunningAsync(fleet, v1);
        var afterKill = await http.GetStringAsync($"{url}?colour");

        await ApplyAsync(fleet, v2, 32 * 1024);
        await WaitRunningAsync(fleet, v2);
        var afterUpgrade = await http.GetStringAsync($"{url}?colour");
        var listing = await http.GetStringAsync(url);

        Assert.That(afterKill, Is.EqualTo("blue"));
        Assert.That(afterUpgrade, Is.EqualTo("blue"));
        Assert.That(listing, Is.EqualTo("colour\nrequests: 4\n"), "the request counter lives in the volume too");
        var data = Path.Combine(fleet.AgentDataDir("node-1"), "volumes", "default", "kv", "data");
        Assert.That(File.ReadAllText(Path.Combine(data, "colour")), Is.EqualTo("blue"));
        Assert.That(File.GetUnixFileMode(data), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        Assert.That(File.GetUnixFileMode(Path.Combine(data, "colour")) & (UnixFileMode.OtherRead | UnixFileMode.GroupRead), Is.EqualTo(UnixFileMode.None));

        // Over its 32 KiB: the run that filled it answers 507, the next is refused without running.
        await fleet.ApplyEchoAsync("node-1", Bound);
        using var big = await http.PutAsync($"{url}?big", new ByteArrayContent(new byte[40_000]));
        using var refused = await http.GetAsync($"{url}?colour");
        using var echo = await http.PostAsync($"http://127.0.0.1:{triggerPort}/w/echo", new StringContent("still here"));
        var workload = await Eventually.Until(() => fleet.WorkloadAsync("kv"), w => w.ReplicasFailed == 1, Bound, "kv reported Failed for its quota");
        var (getCode, get) = await fleet.EdgectlAsync("get", "workloads");
        var (explainCode, explain) = await fleet.EdgectlAsync("explain", "workload", "kv");

        Assert.Multiple(async () =>
        {
            Assert.That(big.StatusCode, Is.EqualTo(HttpStatusCode.InsufficientStorage));
            Assert.That(await big.Content.ReadAsStringAsync(), Does.Contain("quota: volume 'data' (/data) holds at least"));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.InsufficientStorage));
            Assert.That(await echo.Content.ReadAsStringAsync(), Is.EqualTo("still here"), "another workload is unaffected");
            Assert.That(workload.LastFailure, Does.StartWith("node-1: quota: volume 'data'"));
            Assert.That(getCode, Is.Zero, get);
            Assert.That(get, Does.Contain("node-1: quota: volume 'data'"));
            Assert.That(explainCode, Is.Zero, explain);
            Assert.That(explain, Does.Contain("quota: volume 'data'"));
        });

        // A larger size restarts it over the same data.
        await ApplyAsync(fleet, v2, 1024 * 1024);
        await Eventually.Until(() => fleet.WorkloadAsync("kv"), w => w.ReplicasFailed == 0 && w.ReplicasRunning == 1, Bound, "kv Running under its larger size");
        Assert.That(await http.GetStringAsync($"{url}?colour"), Is.EqualTo("blue"));

        var (deleteCode, deleted) = await fleet.EdgectlAsync("delete", "workload", "kv");
        Assert.That(deleteCode, Is.Zero, deleted);
        await Eventually.Until(() => Task.FromResult(Directory.Exists(data)), exists => !exists, Bound, "kv's data removed (reclaimPolicy Delete)");
    }

    [Test]
    public async Task BadVolume_RefusedByEdgectlNamingTheField_NothingApplied()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var manifest = await fleet.WriteWorkloadManifestAsync("bad", """
              volumes:
                - {name: data, kind: persistent, mountPath: ../data, sizeBytes: 1Mi}
                - {name: data, kind: disk, mountPath: /x, sizeBytes: 1Mi}
            """);

        var (code, output) = await fleet.EdgectlAsync("apply", "-f", manifest);

        Assert.That(code, Is.Not.Zero);
        Assert.That(output, Does.Contain("spec.volumes[1].kind: \"disk\" is not one of scratch, persistent"));
        Assert.That((await fleet.Admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: LocalFleet.Deadline())).Workloads, Is.Empty);
    }

    private static async Task ApplyAsync(LocalFleet fleet, string module, long size)
    {
        var manifest = await fleet.WriteWorkloadManifestAsync("kv", Volumes(size), module);
        var (code, output) = await fleet.EdgectlAsync("apply", "-f", manifest);
        Assert.That(code, Is.Zero, output);
    }

    private static async Task WaitRunningAsync(LocalFleet fleet, string module)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(module)));
        await Eventually.Until(() => fleet.NodeAsync("node-1"),
            n => n.Condition == NodeCondition.Ready && n.Workloads.Any(w => w.Name == "kv" && w.Phase == WorkloadPhase.Running && w.ModuleDigest == digest),
            Bound, $"node-1 runs kv {digest}");
    }

    /// <summary>samples/kv-store/kv.c built with clang-14 into the fleet's directory; the optimisation level makes another module.</summary>
    private static string Compile(LocalFleet fleet, string optimisation)
    {
        var output = Path.Combine(fleet.Dir, $"kv{optimisation}.wasm");
        Edge.Testing.GuestCompiler.CompileTo(Edge.Testing.GuestCompiler.Clang, Edge.Testing.GuestCompiler.ClangInstall, output,
            "--target=wasm32-wasi", optimisation, "-Wall", "-Werror", Repo.Sample("kv-store/kv.c"));
        return output;
    }
}
