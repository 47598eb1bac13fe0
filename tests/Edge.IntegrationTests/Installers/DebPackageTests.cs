namespace Edge.IntegrationTests.Installers;

/// <summary>The .deb packages: architecture, contents, and what their maintainer scripts do in a throwaway root.</summary>
[TestFixture]
[NonParallelizable]
public sealed class DebPackageTests
{
    [OneTimeSetUp]
    public Task BuildPackages() => Packages.EnsureBuiltAsync();

    [TestCase("amd64", (ushort)62)] // ELF e_machine: EM_X86_64
    [TestCase("arm64", (ushort)183)] // EM_AARCH64
    public async Task AgentDeb_ArchitectureAndContents(string arch, ushort elfMachine)
    {
        var deb = Packages.Deb("edge-agent", arch);

        var field = await Shell.RunAsync("dpkg-deb", ["--field", deb, "Package", "Architecture", "Version", "Depends"], TimeSpan.FromMinutes(1));
        var contents = await Shell.RunAsync("dpkg-deb", ["--contents", deb], TimeSpan.FromMinutes(1));
        var control = await Shell.RunAsync("dpkg-deb", ["--info", deb], TimeSpan.FromMinutes(1));
        using var extracted = new ThrowawayRoot();
        await Shell.RunAsync("dpkg-deb", ["-x", deb, extracted.Path], TimeSpan.FromMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(field.Stdout, Does.Contain("Package: edge-agent").And.Contain($"Architecture: {arch}").And.Contain($"Version: {Packages.Version}"));
            Assert.That(field.Stdout, Does.Contain("libssl3 | libssl1.1"), "the runtime's crypto (module digests, TLS) loads OpenSSL");
            Assert.That(contents.Stdout, Does.Contain("./usr/bin/edge-agent -> ../lib/edge/edge-agent/edge-agent"));
            Assert.That(contents.Stdout, Does.Contain("./usr/lib/edge/edge-agent/libwasmtime.so"));
            Assert.That(contents.Stdout, Does.Contain("./usr/lib/systemd/system/edge-agent.service"));
            Assert.That(contents.Stdout, Does.Contain("./etc/edge-agent/agent.json"));
            Assert.That(contents.Stdout, Does.Match(@"-rwxr-xr-x root/root .* \./usr/lib/edge/edge-agent/edge-agent\n"));
            Assert.That(control.Stdout, Does.Contain("postinst").And.Contain("prerm").And.Contain("postrm").And.Contain("conffiles"));
            Assert.That(ElfMachine(extracted.At("usr/lib/edge/edge-agent/edge-agent")), Is.EqualTo(elfMachine), "apphost");
            Assert.That(ElfMachine(extracted.At("usr/lib/edge/edge-agent/libwasmtime.so")), Is.EqualTo(elfMachine), "Wasmtime's native library");
        });
    }

    [TestCase("amd64")]
    [TestCase("arm64")]
    public async Task ControllerDeb_HoldsControllerEdgectlAndUnit(string arch)
    {
        var contents = await Shell.RunAsync("dpkg-deb", ["--contents", Packages.Deb("edge-controller", arch)], TimeSpan.FromMinutes(1));

        Assert.That(contents.Stdout, Does.Contain("./usr/bin/edge-controller ->")
            .And.Contain("./usr/bin/edgectl ->")
            .And.Contain("./usr/lib/systemd/system/edge-controller.service")
            .And.Contain("./etc/edge-controller/environment"));
    }

    [Test]
    public async Task Install_ThrowawayRoot_UserDirectoriesOwnersModesEnabledUnit()
    {
        using var root = new ThrowawayRoot();

        var install = await root.DpkgAsync("-i", Packages.Deb("edge-agent", "amd64"));

        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        var account = root.Account("edge-agent");
        Assert.That(account, Is.Not.Null, "the service user is created");
        var (uid, gid) = account!.Value;
        Assert.Multiple(async () =>
        {
            Assert.That(uid, Is.Not.Zero);
            Assert.That(await Stat(root.At("var/lib/edge-agent")), Is.EqualTo($"{uid}:{gid}:700 directory"));
            Assert.That(await Stat(root.At("etc/edge-agent")), Is.EqualTo($"0:{gid}:750 directory"));
            Assert.That(await Stat(root.At("etc/edge-agent/agent.json")), Is.EqualTo($"0:{gid}:640 regular file"));
            Assert.That(await Stat(root.At("usr/lib/edge/edge-agent/edge-agent")), Is.EqualTo("0:0:755 regular file"));
            Assert.That(await Stat(root.At("usr/lib/systemd/system/edge-agent.service")), Is.EqualTo("0:0:644 regular file"));
            Assert.That(File.ReadAllLines(root.At("etc/passwd")), Has.Some.Match("^edge-agent:x:\\d+:\\d+:.*:/var/lib/edge-agent:/usr/sbin/nologin$"));
            Assert.That(File.Exists(root.At("etc/systemd/system/multi-user.target.wants/edge-agent.service")), Is.True, "unit enabled");
        });
    }

    [Test]
    public async Task UpgradeRemovePurge_StateAndConfigKeptUntilPurge()
    {
        using var root = new ThrowawayRoot();
        var deb = Packages.Deb("edge-agent", "amd64");
        Assert.That((await root.DpkgAsync("-i", deb)).ExitCode, Is.Zero);
        var uid = root.Account("edge-agent")!.Value.Uid;
        await File.WriteAllTextAsync(root.At("var/lib/edge-agent/agent.db"), "state");
        await File.WriteAllTextAsync(root.At("etc/edge-agent/agent.json"), """{ "Agent": { "Controller": "http://10.0.0.1:7400" } }""");

        var upgrade = await root.DpkgAsync("--force-confold", "-i", deb);
        var afterUpgrade = (State: File.Exists(root.At("var/lib/edge-agent/agent.db")), Config: await File.ReadAllTextAsync(root.At("etc/edge-agent/agent.json")));
        var remove = await root.DpkgAsync("--remove", "edge-agent");
        var afterRemove = (State: File.Exists(root.At("var/lib/edge-agent/agent.db")), Config: File.Exists(root.At("etc/edge-agent/agent.json")), Binary: File.Exists(root.At("usr/lib/edge/edge-agent/edge-agent")));
        var purge = await root.DpkgAsync("--purge", "edge-agent");

        Assert.Multiple(() =>
        {
            Assert.That(upgrade.ExitCode, Is.Zero, upgrade.ToString());
            Assert.That(afterUpgrade.State, Is.True, "upgrade keeps state");
            Assert.That(afterUpgrade.Config, Does.Contain("10.0.0.1"), "upgrade keeps the edited conffile");
            Assert.That(root.Account("edge-agent")!.Value.Uid, Is.EqualTo(uid), "the same user after upgrade");
            Assert.That(remove.ExitCode, Is.Zero, remove.ToString());
            Assert.That(afterRemove, Is.EqualTo((true, true, false)), "remove keeps state and config, deletes binaries");
            Assert.That(File.Exists(root.At("etc/systemd/system/multi-user.target.wants/edge-agent.service")), Is.False, "remove disables the unit");
            Assert.That(purge.ExitCode, Is.Zero, purge.ToString());
            Assert.That(Directory.Exists(root.At("var/lib/edge-agent")), Is.False, "purge deletes state");
            Assert.That(Directory.Exists(root.At("etc/edge-agent")), Is.False, "purge deletes config");
        });
    }

    internal static async Task<string> Stat(string path) =>
        (await Shell.RunAsync("stat", ["-c", "%u:%g:%a %F", path], TimeSpan.FromSeconds(30))).Stdout.Trim();

    private static ushort ElfMachine(string path)
    {
        using var file = File.OpenRead(path);
        var header = new byte[20];
        file.ReadExactly(header);
        Assert.That(header[..4], Is.EqualTo(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }), path);
        return BitConverter.ToUInt16(header, 18);
    }
}
