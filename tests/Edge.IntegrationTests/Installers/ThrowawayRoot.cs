namespace Edge.IntegrationTests.Installers;

/// <summary>
/// An empty system root in a temp directory: the account files useradd needs
/// and an empty dpkg database, so packages install into it and not into this machine.
/// </summary>
internal sealed class ThrowawayRoot : IDisposable
{
    public ThrowawayRoot()
    {
        Path = Directory.CreateTempSubdirectory("edge-root-").FullName;
        foreach (var dir in new[] { "etc", "var/lib/dpkg/info", "var/lib/dpkg/updates", "usr/sbin" })
        {
            Directory.CreateDirectory(At(dir));
        }

        foreach (var file in new[] { "etc/passwd", "etc/group", "etc/shadow", "etc/gshadow", "var/lib/dpkg/status", "var/lib/dpkg/available" })
        {
            File.WriteAllText(At(file), file == "etc/passwd" ? "root:x:0:0:root:/root:/bin/sh\n" : file == "etc/group" ? "root:x:0:\n" : "");
        }
    }

    public string Path { get; }

    public string At(string relative) => System.IO.Path.Combine(Path, relative.TrimStart('/'));

    /// <summary>The uid and gid of a user in this root's /etc/passwd; null when absent.</summary>
    public (int Uid, int Gid)? Account(string name)
    {
        foreach (var line in File.ReadAllLines(At("etc/passwd")))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name)
            {
                return (int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    /// <summary>dpkg acting on this root, maintainer scripts run without chroot and with DPKG_ROOT set.</summary>
    public Task<Shell.Result> DpkgAsync(params string[] args) =>
        Shell.RunAsync("dpkg", ["--root", Path, "--force-script-chrootless", "--force-depends", "--force-not-root", .. args], TimeSpan.FromMinutes(2));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
