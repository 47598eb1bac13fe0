using System.Diagnostics;

namespace Edge.IntegrationTests;

/// <summary>
/// chattr +i / -i: a file or directory that refuses every change, even root's, as on a file
/// system remounted read-only: the real cause behind a store or module cache that cannot be written.
/// </summary>
internal static class ImmutableFiles
{
    public const string Requirement = "needs chattr (apt-get install e2fsprogs) on a file system with the immutable attribute, as root";

    /// <summary>Whether this machine can set the attribute in the temporary directory.</summary>
    public static bool Available()
    {
        var probe = Path.Combine(Path.GetTempPath(), "edge-chattr-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(probe, "x");
        try
        {
            return Chattr("+i", [probe]) && Chattr("-i", [probe]);
        }
        finally
        {
            Chattr("-i", [probe]);
            File.Delete(probe);
        }
    }

    public static bool Chattr(string flag, string[] paths)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [flag, .. paths]) { UseShellExecute = false, RedirectStandardError = true })!;
            process.WaitForExit(10_000);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
