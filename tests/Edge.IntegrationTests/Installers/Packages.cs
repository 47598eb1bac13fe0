using System.Globalization;
using System.Xml.Linq;

namespace Edge.IntegrationTests.Installers;

/// <summary>
/// The packages `dotnet cake --target=Package` builds, built once per test run
/// (publishing is slow) into artifacts/, shared by every installer test.
/// </summary>
internal static class Packages
{
    private static readonly Lazy<Task<Shell.Result>> Build = new(() =>
        Shell.RunAsync("dotnet", ["cake", "--target=Package"], TimeSpan.FromMinutes(15)));

    public static string Version { get; } =
        XDocument.Load(Path.Combine(Repo.Root, "Directory.Build.props")).Descendants("Version").First().Value;

    public static string Dir => Path.Combine(Repo.Root, "artifacts", "packages");

    public static string PublishDir(string rid, string program) => Path.Combine(Repo.Root, "artifacts", "publish", rid, program);

    public static string Deb(string package, string arch) => Path.Combine(Dir, string.Create(CultureInfo.InvariantCulture, $"{package}_{Version}_{arch}.deb"));

    public static string Tarball(string rid) => Path.Combine(Dir, $"edge-{Version}-{rid}.tar.gz");

    /// <summary>Builds the packages on first use; fails the caller with the build's output if it failed.</summary>
    public static async Task EnsureBuiltAsync()
    {
        Shell.Require("dpkg-deb", "dpkg");
        var result = await Build.Value;
        Assert.That(result.ExitCode, Is.Zero, $"dotnet cake --target=Package failed:\n{result}");
    }
}
