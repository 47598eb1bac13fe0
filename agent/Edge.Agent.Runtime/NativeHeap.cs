using System.Runtime.InteropServices;

namespace Edge.Agent.Runtime;

/// <summary>
/// The C heap Wasmtime allocates from. Compiling a module allocates tens of MB of compiler scratch
/// on the compiling thread; glibc keeps what is freed in that thread's arena for reuse, so an agent
/// that compiled at start would hold it for good. <see cref="Trim"/> hands free pages back to the
/// system (glibc's malloc_trim); elsewhere (musl, not Linux) it does nothing.
/// </summary>
internal static partial class NativeHeap
{
    private static int s_unsupported;

    /// <summary>Returns free C-heap pages to the system; true when some were released.</summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref s_unsupported) != 0)
        {
            return false;
        }

        try
        {
            return MallocTrim(0) != 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            Volatile.Write(ref s_unsupported, 1);
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
