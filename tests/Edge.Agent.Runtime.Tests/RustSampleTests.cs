using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

/// <summary>samples/rust-counter, built in the test with Debian's rustc for wasm32-wasi: Rust's std::fs keeps its count in a persistent volume.</summary>
[NonParallelizable]
public sealed class RustSampleTests
{
    [Test]
    public async Task RustCounter_CountsAcrossRunsAndAnAgentRestart()
    {
        var module = Build();
        using var h = new VolumeHarness();
        var volume = VolumeHarness.Persistent(size: 64 * 1024);
        var workload = h.Spec("rust-counter", [], [volume], module);
        var status = await h.StartAsync(workload);
        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);

        var first = VolumeHarness.Stdout(await h.InvokeAsync("rust-counter"));
        var second = VolumeHarness.Stdout(await h.InvokeAsync("rust-counter"));
        h.Restart();
        await h.StartAsync(workload);
        var third = VolumeHarness.Stdout(await h.InvokeAsync("rust-counter"));

        Assert.That((first, second, third), Is.EqualTo(("runs: 1\n", "runs: 2\n", "runs: 3\n")));
        Assert.That(File.ReadAllText(Path.Combine(h.HostPath("rust-counter", "data"), "count")), Is.EqualTo("3"));
    }

    private static byte[] Build()
    {
        const string Install = "Debian's rustc with the wasm32-wasi std is not installed (apt-get install rustc libstd-rust-dev-wasm32)";
        Edge.Testing.MissingTool.Require(File.Exists("/usr/bin/rustc") && Directory.Exists("/usr/lib/rustlib/wasm32-wasi"), Install);
        return Edge.Testing.GuestCompiler.Compile(
            "/usr/bin/rustc", Install, "--edition", "2021", "--target", "wasm32-wasi", "-O", "-C", "strip=symbols", RepoPaths.Sample("rust-counter/main.rs"));
    }
}
