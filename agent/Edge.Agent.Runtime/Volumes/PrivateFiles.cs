using System.Runtime.InteropServices;

namespace Edge.Agent.Runtime.Volumes;

/// <summary>
/// Files a guest creates are made by Wasmtime with mode 0666 less the process umask; a guest's
/// data is its workload's alone, so a runtime that keeps volumes clears group and others from the
/// umask once (the systemd unit sets UMask=0077 for the same reason). Changing modes afterwards
/// instead would race a running guest that swaps a file for a link.
/// </summary>
internal static partial class PrivateFiles
{
    private const uint GroupAndOthers = 0b000_111_111;

    /// <summary>Adds group and others to the process umask; true when it had to change.</summary>
    public static bool RestrictUmask()
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        var previous = Umask(GroupAndOthers);
        var wanted = previous | GroupAndOthers;
        _ = Umask(wanted);
        return previous != wanted;
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
