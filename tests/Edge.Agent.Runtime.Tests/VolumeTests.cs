using System.Text;
using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

/// <summary>
/// Volumes on the real runtime with a C guest built by clang-14 for wasm32-wasi: the filesystem
/// calls a preopened directory allows, the escapes it refuses, persistence, scratch, read-only
/// mounts and quotas.
/// </summary>
[NonParallelizable]
public sealed class VolumeTests
{
    private VolumeHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new VolumeHarness();

    [TearDown]
    public void TearDown() => _h.Dispose();

    [Test]
    public async Task FilesystemSuite_InAPersistentVolume_EveryCallWorks()
    {
        var status = await _h.StartAsync(_h.Spec("fs", ["suite", "/data"], [VolumeHarness.Persistent()]));
        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);

        var result = await _h.InvokeAsync("fs");

        var output = VolumeHarness.Stdout(result);
        Assert.That(result.Succeeded, Is.True, result.Error + "\n" + output);
        Assert.That(output, Does.Not.Contain("FAIL"));
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(25).And.All.StartWith("ok "), output);
    }

    [Test]
    public async Task Escapes_DotDotAbsoluteSymlinksHardLinksAndAnotherWorkload_AreAllRefusedAndChangeNothingOutside()
    {
        var first = await _h.StartAsync(_h.Spec("first", ["counter", "/data/count"], [VolumeHarness.Persistent()]));
        Assert.That((await _h.InvokeAsync("first")).Succeeded, Is.True);
        var firstCount = Path.Combine(_h.HostPath("first", "data"), "count");
        var outside = Path.Combine(Path.GetDirectoryName(_h.Root)!, "outside.txt");
        var seedDirectory = _h.HostPath("second", "config");
        Directory.CreateDirectory(seedDirectory);
        var seed = Path.Combine(seedDirectory, "seed.txt");
        await File.WriteAllTextAsync(seed, "seed");
        var volumes = new[] { VolumeHarness.Persistent(), VolumeHarness.Persistent("config", "/config", readOnly: true) };
        var env = new Dictionary<string, string>
        {
            ["OTHER"] = firstCount,
            ["OTHER_RELATIVE"] = "first/data/count",
            ["HOST_TARGET"] = outside,
            ["RO_FILE"] = "/config/seed.txt",
        };
        await _h.StartAsync(_h.Spec("second", ["escape", "/data"], volumes, env: env));

        var result = await _h.InvokeAsync("second");

        var output = VolumeHarness.Stdout(result);
        Assert.That(first.Phase, Is.EqualTo(WorkloadPhase.Running));
        Assert.That(output, Does.Not.Contain("FAIL"), output);
        Assert.That(output, Does.Contain("ok symlink_write_refused").And.Contain("ok other_workload_relative_refused").And.Contain("ok hardlink_from_readonly_not_writable"));
        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(File.Exists(outside), Is.False, "a write through a guest's link reached the host");
        Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(_h.HostPath("second", "data"))!, "escape.txt")), Is.False);
        Assert.That(await File.ReadAllTextAsync(firstCount), Is.EqualTo("1"));
        Assert.That(await File.ReadAllTextAsync(seed), Is.EqualTo("seed"));

        // Removing the data (links to / and .. inside) unlinks the links, never what they point at.
        await File.WriteAllTextAsync(outside, "outside");
        await _h.Runtime.Runtime.StopAsync("second", CancellationToken.None);
        _h.Runtime.Runtime.ReclaimVolumes(new WorkloadSpec { Name = "second", ModuleDigest = "", Volumes = volumes });
        Assert.That(Directory.Exists(_h.HostPath("second", "data")), Is.False);
        Assert.That(await File.ReadAllTextAsync(outside), Is.EqualTo("outside"));
        Assert.That(await File.ReadAllTextAsync(firstCount), Is.EqualTo("1"));
    }

    [Test]
    public async Task ReadOnlyVolume_WritesCreatesRenamesAndRemovesRefused_FileUnchanged()
    {
        var directory = _h.HostPath("reader", "config");
        Directory.CreateDirectory(directory);
        var seed = Path.Combine(directory, "seed.txt");
        await File.WriteAllTextAsync(seed, "seed");
        await _h.StartAsync(_h.Spec("reader", ["readonly", "/config"], [VolumeHarness.Persistent("config", "/config", readOnly: true)]));

        var result = await _h.InvokeAsync("reader");

        Assert.That(VolumeHarness.Stdout(result), Does.Not.Contain("FAIL").And.Contain("ok readonly_rename_refused"));
        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(await File.ReadAllTextAsync(seed), Is.EqualTo("seed"));
        Assert.That(Directory.GetFileSystemEntries(directory), Is.EqualTo(new[] { seed }));
    }

    [Test]
    public async Task PersistentVolume_KeptAcrossRunsAgentRestartAndModuleUpgrade()
    {
        var volume = VolumeHarness.Persistent();
        await _h.StartAsync(_h.Spec("counter", ["counter", "/data/count"], [volume]));
        Assert.That(VolumeHarness.Stdout(await _h.InvokeAsync("counter")), Is.EqualTo("1\n"));
        Assert.That(VolumeHarness.Stdout(await _h.InvokeAsync("counter")), Is.EqualTo("2\n"));

        _h.Restart();
        await _h.StartAsync(_h.Spec("counter", ["counter", "/data/count"], [volume]));
        var afterRestart = VolumeHarness.Stdout(await _h.InvokeAsync("counter"));

        var upgraded = _h.Spec("counter", ["counter", "/data/count"], [volume], VolumeHarness.Upgraded("v2"));
        await _h.Runtime.Runtime.StopAsync("counter", CancellationToken.None);
        var status = await _h.StartAsync(upgraded);
        var afterUpgrade = VolumeHarness.Stdout(await _h.InvokeAsync("counter"));

        Assert.That(afterRestart, Is.EqualTo("3\n"));
        Assert.That(status.ModuleDigest, Is.Not.EqualTo(_h.Spec("x", [], [volume]).Spec.ModuleDigest));
        Assert.That(afterUpgrade, Is.EqualTo("4\n"));
    }

    [Test]
    public async Task ScratchEmptyOnRun_EveryRunStartsEmpty_NothingLeftAfter()
    {
        await _h.StartAsync(_h.Spec("scratch", ["scratch", "/tmp"], [VolumeHarness.Scratch(ScratchEmptyOn.Run)]));

        var first = VolumeHarness.Stdout(await _h.InvokeAsync("scratch"));
        var second = VolumeHarness.Stdout(await _h.InvokeAsync("scratch"));

        Assert.That((first, second), Is.EqualTo(("0\n", "0\n")));
        Assert.That(Directory.GetFileSystemEntries(_h.HostPath("scratch", "tmp")), Is.Empty);
    }

    [Test]
    public async Task ScratchEmptyOnStart_RunsShareIt_EmptiedAtTheNextStart()
    {
        var spec = _h.Spec("scratch", ["scratch", "/tmp"], [VolumeHarness.Scratch(ScratchEmptyOn.Start)]);
        await _h.StartAsync(spec);
        var first = VolumeHarness.Stdout(await _h.InvokeAsync("scratch"));
        var second = VolumeHarness.Stdout(await _h.InvokeAsync("scratch"));

        _h.Restart();
        await _h.StartAsync(spec);
        var afterRestart = VolumeHarness.Stdout(await _h.InvokeAsync("scratch"));

        Assert.That((first, second, afterRestart), Is.EqualTo(("0\n", "1\n", "0\n")));
    }

    [Test]
    public async Task Quota_RunWritesPastTheSize_AnsweredQuotaThenRefused_OtherWorkloadUnaffected()
    {
        await _h.StartAsync(_h.Spec("filler", ["fill", "/data/big", "200000"], [VolumeHarness.Persistent(size: 64 * 1024)]));
        await _h.StartAsync(_h.Spec("neighbour", ["counter", "/data/count"], [VolumeHarness.Persistent(size: 64 * 1024)]));
        var reached = new List<string>();
        _h.Runtime.Runtime.VolumeQuotaReached += reached.Add;

        var over = await _h.InvokeAsync("filler");
        var refused = await _h.InvokeAsync("filler");
        var neighbour = await _h.InvokeAsync("neighbour");

        Assert.That(over.Outcome, Is.EqualTo(InvocationOutcome.QuotaExceeded));
        Assert.That(over.Error, Does.StartWith("quota: volume 'data' (/data) holds at least 200704 bytes, over its sizeBytes 65536"));
        Assert.That(refused.Outcome, Is.EqualTo(InvocationOutcome.QuotaExceeded));
        Assert.That(refused.Stdout.IsEmpty, Is.True, "a refused run must not run");
        var status = _h.Runtime.Runtime.Snapshot().Single(s => s.Name == "filler");
        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Does.StartWith("quota: volume 'data'"));
        Assert.That(reached, Is.EqualTo(new[] { "filler" }), "the status change is announced once");
        Assert.That(_h.Runtime.Runtime.Metrics().Single(m => m.Name == "filler").FailuresByReason["quota"], Is.EqualTo(2));
        Assert.That(VolumeHarness.Stdout(neighbour), Is.EqualTo("1\n"));
        Assert.That(_h.Runtime.Runtime.Snapshot().Single(s => s.Name == "neighbour").Phase, Is.EqualTo(WorkloadPhase.Running));
    }

    [Test]
    public async Task Quota_RunFillsItsVolumeAndKeepsRunning_StoppedBeforeItsTimeoutAnsweredQuota()
    {
        var (spec, path) = _h.Spec("flood", ["flood", "/data/flood", "200000"], [VolumeHarness.Persistent(size: 64 * 1024)]);
        spec = spec with { Limits = new LimitsSpec { Timeout = TimeSpan.FromSeconds(60) } };
        await _h.StartAsync((spec, path));

        var result = await _h.Runtime.Runtime.InvokeAsync("flood", InvocationRequest.Empty, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(50));

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.QuotaExceeded), result.Error);
        Assert.That(result.Error, Does.StartWith("quota: volume 'data' (/data) holds at least"));
        Assert.That(VolumeHarness.Stdout(result), Is.EqualTo("wrote\n"), "the guest wrote, then spun until the runtime stopped it");
        Assert.That(_h.Runtime.Runtime.Snapshot().Single(s => s.Name == "flood").Phase, Is.EqualTo(WorkloadPhase.Failed));
    }

    [Test]
    public async Task Quota_OverAtStart_WorkloadFailsToStartNamingTheVolume()
    {
        var volume = VolumeHarness.Persistent(size: 64 * 1024);
        var directory = _h.HostPath("full", "data");
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, "big"), new byte[100_000]);

        var status = await _h.StartAsync(_h.Spec("full", ["counter", "/data/count"], [volume]));
        var bigger = await _h.StartAsync(_h.Spec("full", ["counter", "/data/count"], [volume with { SizeBytes = 1024 * 1024 }]));

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Does.StartWith("quota: volume 'data' (/data) holds at least 102400 bytes"));
        Assert.That(bigger.Phase, Is.EqualTo(WorkloadPhase.Running), bigger.Message);
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Directories_OwnerOnly_GuestFilesNotReadableByOthers()
    {
        await _h.StartAsync(_h.Spec("private", ["counter", "/data/count"], [VolumeHarness.Persistent()]));

        await _h.InvokeAsync("private");

        var data = _h.HostPath("private", "data");
        foreach (var directory in new[] { _h.Root, Path.GetDirectoryName(Path.GetDirectoryName(data))!, Path.GetDirectoryName(data)!, data })
        {
            Assert.That(File.GetUnixFileMode(directory), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), directory);
        }

        var file = File.GetUnixFileMode(Path.Combine(data, "count"));
        Assert.That(file & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite), Is.EqualTo(UnixFileMode.None));
    }

    [Test]
    public async Task Reclaim_DeleteRemovesTheData_RetainKeepsIt()
    {
        var deleted = _h.Spec("gone", ["counter", "/data/count"], [VolumeHarness.Persistent()]);
        var kept = _h.Spec("kept", ["counter", "/data/count"], [VolumeHarness.Persistent(reclaim: ReclaimPolicy.Retain)]);
        await _h.StartAsync(deleted);
        await _h.StartAsync(kept);
        await _h.InvokeAsync("gone");
        await _h.InvokeAsync("kept");

        foreach (var spec in new[] { deleted.Spec, kept.Spec })
        {
            await _h.Runtime.Runtime.StopAsync(spec.Name, CancellationToken.None);
            _h.Runtime.Runtime.ReclaimVolumes(spec);
        }

        Assert.That(Directory.Exists(_h.HostPath("gone", "data")), Is.False);
        Assert.That(File.ReadAllText(Path.Combine(_h.HostPath("kept", "data"), "count")), Is.EqualTo("1"));
    }

    [Test]
    public async Task TenantWorkload_DataUnderItsTenant()
    {
        await _h.StartAsync(_h.Spec("web.acme", ["counter", "/data/count"], [VolumeHarness.Persistent()]));

        await _h.InvokeAsync("web.acme");

        Assert.That(File.Exists(Path.Combine(_h.Root, "acme", "web", "data", "count")), Is.True);
    }

    [Test]
    public async Task Stdin_OfAWorkloadWithVolumes_ReachesTheGuestAndStdoutIsCaptured()
    {
        await _h.StartAsync(_h.Spec("io", ["cat"], [VolumeHarness.Scratch(ScratchEmptyOn.Run)]));
        var body = string.Concat(Enumerable.Repeat("a body of many lines\n", 100));

        var first = await _h.InvokeAsync("io", body);
        var second = await _h.InvokeAsync("io", "second");

        Assert.That(first.Succeeded, Is.True, first.Error);
        Assert.That(VolumeHarness.Stdout(first), Is.EqualTo(body));
        Assert.That(Encoding.UTF8.GetString(first.Stderr.Span), Is.EqualTo("done\n"));
        Assert.That(VolumeHarness.Stdout(second), Is.EqualTo("second"));
    }

    [Test]
    public async Task NoVolumesDirectory_WorkloadWithVolumesFailsToStartSayingSo()
    {
        using var runtime = new RuntimeHarness(new WasmRuntimeOptions(), TimeProvider.System);
        var (spec, path) = _h.Spec("nodir", ["counter", "/data/count"], [VolumeHarness.Persistent()]);

        var status = await runtime.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Does.Contain("no data directory"));
    }

    [Test]
    public async Task WorkloadWithoutVolumes_HasNoFilesystem()
    {
        await _h.StartAsync(_h.Spec("none", ["counter", "/data/count"], []));

        var result = await _h.InvokeAsync("none");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.ExitedWithError));
        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Does.StartWith("cannot write /data/count"));
    }
}
