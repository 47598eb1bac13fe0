using LiteDB;

namespace Edge.Shared;

/// <summary>What every LiteDB file of Edge (agent and controller) is opened with.</summary>
internal static class LiteDbFile
{
    // LiteDB v5 writes this text into the header page of every data file.
    private static readonly byte[] HeaderMark = "** This is a LiteDB file **"u8.ToArray();

    /// <summary>
    /// LiteDB silently re-initialises a file shorter than one page: a damaged
    /// store would be wiped. Refuse any non-empty file without the header mark.
    /// </summary>
    public static void ThrowIfNotLiteDb(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            return;
        }

        var head = new byte[Math.Min(info.Length, 256)];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(head);
        }

        if (head.AsSpan().IndexOf(HeaderMark) < 0)
        {
            throw new InvalidDataException($"{info.Length} bytes without a LiteDB header: not a LiteDB file, or damaged");
        }
    }

    /// <summary>
    /// The file and LiteDB's log file beside it (NAME-log.EXT) made owner-only (0600, in a 0700
    /// directory) before LiteDB opens them: LiteDB creates both with the process umask.
    /// </summary>
    public static void MakePrivate(string path)
    {
        PrivateFile.Prepare(path);
        PrivateFile.Prepare(LogPath(path));
    }

    /// <summary>Where LiteDB 5 keeps the log (write-ahead) file of <paramref name="path"/>.</summary>
    public static string LogPath(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));

    /// <summary>Strings are stored as given: no empty-to-null, no trimming (LiteDB's defaults do both).</summary>
    public static BsonMapper Mapper() => new() { EmptyStringToNull = false, TrimWhitespace = false };
}
