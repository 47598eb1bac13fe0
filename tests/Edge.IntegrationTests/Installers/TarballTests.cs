namespace Edge.IntegrationTests.Installers;

/// <summary>The offline tarball's install.sh and uninstall.sh, run into a temporary root.</summary>
[TestFixture]
[NonParallelizable]
public sealed class TarballTests
{
    private string _unpacked = "";
    private string _installer = "";
    private string _uninstaller = "";

    [OneTimeSetUp]
    public async Task Unpack()
    {
        await Packages.EnsureBuiltAsync();
        _unpacked = Directory.CreateTempSubdirectory("edge-tarball-").FullName;
        var tar = await Shell.RunAsync("tar", ["-xzf", Packages.Tarball("linux-x64"), "-C", _unpacked], TimeSpan.FromMinutes(2));
        Assert.That(tar.ExitCode, Is.Zero, tar.ToString());
        var dir = Path.Combine(_unpacked, $"edge-{Packages.Version}-linux-x64");
        _installer = Path.Combine(dir, "install.sh");
        _uninstaller = Path.Combine(dir, "uninstall.sh");
    }

    [OneTimeTearDown]
    public void Delete()
    {
        if (_unpacked.Length > 0)
        {
            Directory.Delete(_unpacked, recursive: true);
        }
    }

    [Test]
    public async Task InstallUpgradeUninstallPurge_IntoPrefix()
    {
        using var root = new ThrowawayRoot();
        var bundle = Path.Combine(root.Path, "..", $"{Path.GetFileName(root.Path)}.edgebundle");
        await File.WriteAllTextAsync(bundle, "bundle bytes");
        try
        {
            var install = await Sh(_installer, "--root", root.Path, "--bundle", bundle, "--memory-max", "768M", "--controller");
            Assert.That(install.ExitCode, Is.Zero, install.ToString());
            var (uid, gid) = root.Account("edge-agent")!.Value;
            Assert.Multiple(async () =>
            {
                Assert.That(root.Account("edge-controller"), Is.Not.Null);
                Assert.That(await DebPackageTests.Stat(root.At("usr/lib/edge/edge-agent/edge-agent")), Is.EqualTo("0:0:755 regular file"));
                Assert.That(File.ResolveLinkTarget(root.At("usr/bin/edgectl"), returnFinalTarget: false)?.ToString(), Does.EndWith("edgectl/edgectl"));
                Assert.That(await DebPackageTests.Stat(root.At("var/lib/edge-agent")), Is.EqualTo($"{uid}:{gid}:700 directory"));
                Assert.That(await DebPackageTests.Stat(root.At("etc/edge-agent/bundle.edgebundle")), Is.EqualTo($"0:{gid}:640 regular file"));
                Assert.That(await File.ReadAllTextAsync(root.At("etc/edge-agent/bundle.edgebundle")), Is.EqualTo("bundle bytes"));
                Assert.That(await File.ReadAllTextAsync(root.At("etc/systemd/system/edge-agent.service.d/memory.conf")), Is.EqualTo("[Service]\nMemoryMax=768M\n"));
                Assert.That(File.Exists(root.At("etc/systemd/system/multi-user.target.wants/edge-agent.service")), Is.True);
                Assert.That(File.Exists(root.At("etc/systemd/system/multi-user.target.wants/edge-controller.service")), Is.True);
            });

            await File.WriteAllTextAsync(root.At("var/lib/edge-agent/agent.db"), "state");
            await File.WriteAllTextAsync(root.At("etc/edge-agent/agent.json"), """{ "Agent": { "Controller": "http://10.0.0.1:7400" } }""");
            var upgrade = await Sh(_installer, "--root", root.Path);
            var keptConfig = await File.ReadAllTextAsync(root.At("etc/edge-agent/agent.json"));
            var uninstall = await Sh(_uninstaller, "--root", root.Path);
            var afterUninstall = (Binary: File.Exists(root.At("usr/bin/edge-agent")), State: File.Exists(root.At("var/lib/edge-agent/agent.db")), Config: File.Exists(root.At("etc/edge-agent/agent.json")));
            await Sh(_installer, "--root", root.Path);
            var purge = await Sh(_uninstaller, "--root", root.Path, "--purge");

            Assert.Multiple(() =>
            {
                Assert.That(upgrade.ExitCode, Is.Zero, upgrade.ToString());
                Assert.That(keptConfig, Does.Contain("10.0.0.1"), "upgrade keeps config");
                Assert.That(uninstall.ExitCode, Is.Zero, uninstall.ToString());
                Assert.That(afterUninstall, Is.EqualTo((false, true, true)), "uninstall keeps state and config");
                Assert.That(File.Exists(root.At("etc/systemd/system/edge-agent.service")), Is.False);
                Assert.That(File.Exists(root.At("etc/systemd/system/multi-user.target.wants/edge-agent.service")), Is.False, "disabled");
                Assert.That(purge.ExitCode, Is.Zero, purge.ToString());
                Assert.That(Directory.Exists(root.At("var/lib/edge-agent")), Is.False, "purge deletes state");
                Assert.That(Directory.Exists(root.At("etc/edge-agent")), Is.False, "purge deletes config");
                Assert.That(Directory.Exists(root.At("etc/systemd/system/edge-agent.service.d")), Is.False, "purge deletes drop-ins");
                Assert.That(Directory.Exists(root.At("usr/lib/edge")), Is.False);
            });
        }
        finally
        {
            File.Delete(bundle);
        }
    }

    [TestCase("--frobnicate", "unknown argument '--frobnicate'")]
    [TestCase("--bundle /nonexistent/node.edgebundle", "--bundle '/nonexistent/node.edgebundle' is not a file")]
    [TestCase("--memory-max lots", "--memory-max 'lots' is not a size")]
    [TestCase("--bundle", "--bundle needs a file")]
    public async Task Install_BadArgument_ErrorNamesItAndNothingChanges(string args, string message)
    {
        using var root = new ThrowawayRoot();
        var before = Snapshot(root.Path);

        var result = await Sh(_installer, ["--root", root.Path, .. args.Split(' ')]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain(message));
            Assert.That(Snapshot(root.Path), Is.EqualTo(before), "nothing changed");
        });
    }

    [Test]
    public async Task Install_EmptyBundle_Refused()
    {
        using var root = new ThrowawayRoot();
        var bundle = root.At("empty.edgebundle");
        await File.WriteAllTextAsync(bundle, "");

        var result = await Sh(_installer, "--root", root.Path, "--bundle", bundle);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("is empty"));
        Assert.That(File.Exists(root.At("usr/bin/edge-agent")), Is.False);
    }

    private static Task<Shell.Result> Sh(string script, params string[] args) =>
        Shell.RunAsync("sh", [script, .. args], TimeSpan.FromMinutes(2));

    private static string[] Snapshot(string dir) =>
        [.. Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
