namespace Edge.Agent.Runtime.Volumes;

/// <summary>
/// What a volume's directory holds, counted as a disk would: each file rounded up to whole
/// 4 KiB blocks, each directory and symbolic link one block. The walk never follows a link
/// (.NET's recursive enumeration would: a guest's link to <c>/</c> would have it walk the host),
/// and stops once it has counted past the volume's size, so a guest's tree cannot make it long.
/// </summary>
internal static class VolumeUsage
{
    public const long BlockBytes = 4096;

    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        ReturnSpecialDirectories = false,
    };

    /// <summary>The bytes under <paramref name="directory"/> (itself not counted), or a figure over <paramref name="stopAbove"/> as soon as one is reached.</summary>
    public static long Measure(string directory, long stopAbove = long.MaxValue)
    {
        long bytes = 0;
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(directory));
        while (pending.TryPop(out var current))
        {
            try
            {
                foreach (var entry in current.EnumerateFileSystemInfos("*", OneLevel))
                {
                    if (entry.LinkTarget is not null)
                    {
                        bytes += BlockBytes; // never followed
                    }
                    else if (entry is DirectoryInfo subdirectory)
                    {
                        bytes += BlockBytes;
                        pending.Push(subdirectory);
                    }
                    else if (entry is FileInfo file)
                    {
                        bytes += Blocks(file.Length);
                    }

                    if (bytes > stopAbove)
                    {
                        return bytes;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // removed by a run meanwhile: it holds nothing now
            }
        }

        return bytes;
    }

    private static long Blocks(long length) => (length + BlockBytes - 1) / BlockBytes * BlockBytes;
}
