namespace Edge.IntegrationTests.Installers;

/// <summary>Every installer script passes shellcheck; every unit passes systemd-analyze verify.</summary>
[TestFixture]
public sealed class LintTests
{
    private static string Installers => Path.Combine(Repo.Root, "installers");

    /// <summary>Shell scripts: by extension, or by a #!/bin/sh line (the .deb maintainer scripts have no extension).</summary>
    public static IEnumerable<string> Scripts() =>
        Directory.GetFiles(Path.Combine(Repo.Root, "installers"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".sh", StringComparison.Ordinal) || File.ReadLines(f).FirstOrDefault()?.StartsWith("#!/bin/sh", StringComparison.Ordinal) == true)
            .Select(f => Path.GetRelativePath(Repo.Root, f))
            .Order(StringComparer.Ordinal);

    [Test]
    public void Scripts_AllFound()
    {
        Assert.That(Scripts(), Is.SupersetOf(new[]
        {
            "installers/deb/postinst", "installers/deb/postrm", "installers/deb/prerm", "installers/lib/edge-install.sh",
            "installers/package.sh", "installers/tarball/install.sh", "installers/tarball/uninstall.sh",
        }));
    }

    [TestCaseSource(nameof(Scripts))]
    public async Task Shellcheck_Clean(string script)
    {
        var shellcheck = Shell.Require("shellcheck", "shellcheck");

        var result = await Shell.RunAsync(shellcheck, ["--external-sources", script], TimeSpan.FromMinutes(1));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [TestCase("edge-agent")]
    [TestCase("edge-controller")]
    public async Task SystemdAnalyzeVerify_Clean(string unit)
    {
        var analyze = Shell.Require("systemd-analyze", "systemd");
        using var dir = new ThrowawayRoot();

        // verify checks ExecStart's program exists: point it at a stand-in, and load the drop-in install.sh writes.
        var text = await File.ReadAllTextAsync(Path.Combine(Installers, "systemd", unit + ".service"));
        var program = dir.At("usr/bin/" + unit);
        Directory.CreateDirectory(Path.GetDirectoryName(program)!);
        File.Copy("/bin/true", program);
        var path = dir.At(unit + ".service");
        await File.WriteAllTextAsync(path, text.Replace("/usr/bin/" + unit, program, StringComparison.Ordinal));
        Directory.CreateDirectory(path + ".d");
        await File.WriteAllTextAsync(Path.Combine(path + ".d", "memory.conf"), "[Service]\nMemoryMax=768M\n");

        var result = await Shell.RunAsync(analyze, ["verify", "--man=no", path], TimeSpan.FromMinutes(1));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Does.Not.Contain(unit + ".service:"), "no warnings about the unit");
    }

    [TestCase("edge-agent", "Type=notify", "WatchdogSec=")]
    [TestCase("edge-controller", "Type=exec", "MemoryMax=")]
    public async Task Unit_Hardened(string unit, string type, string extra)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Installers, "systemd", unit + ".service"));

        Assert.That(text.Split('\n'), Is.SupersetOf(new[]
        {
            type, "Restart=on-failure", "ProtectSystem=strict", $"ReadWritePaths=/var/lib/{unit}", "NoNewPrivileges=true",
            "PrivateTmp=true", "CapabilityBoundingSet=", $"User={unit}",
        }));
        Assert.That(text, Does.Contain(extra).And.Match(@"After=.*k3s\.service"));
    }
}
