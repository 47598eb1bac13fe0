namespace Edge.Shared;

/// <summary>
/// Files only their owner may read (keys, tokens, passwords, fleet and node state): mode 0600,
/// replaced atomically, in directories of mode 0700.
/// </summary>
internal static class PrivateFile
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static void Write(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));

    public static void Write(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, full, overwrite: true);
    }

    /// <summary>
    /// Creates the directory (and missing parents) with mode 0700, or takes group and other
    /// access away from an existing one. A shared directory (sticky bit, as /tmp) is left as it is.
    /// </summary>
    public static void CreateDirectory(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
            return;
        }

        if (!Directory.Exists(full))
        {
            var parent = Path.GetDirectoryName(full);
            if (parent is not null && !Directory.Exists(parent))
            {
                Directory.CreateDirectory(parent);
            }

            Directory.CreateDirectory(full, OwnerOnlyDirectory);
            return;
        }

        var mode = File.GetUnixFileMode(full);
        if ((mode & GroupOrOther) != 0 && (mode & UnixFileMode.StickyBit) == 0)
        {
            try
            {
                File.SetUnixFileMode(full, mode & ~GroupOrOther);
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours (a directory an operator chose): its files are still 0600.
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="path"/> an owner-only file before another library writes it (LiteDB
    /// creates files with the process umask): created empty with mode 0600 when missing,
    /// set to 0600 when it exists; its directory as <see cref="CreateDirectory"/> leaves it.
    /// </summary>
    public static void Prepare(string path)
    {
        var full = Path.GetFullPath(path);
        CreateDirectory(Path.GetDirectoryName(full)!);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (File.Exists(full))
        {
            if ((File.GetUnixFileMode(full) & GroupOrOther) != 0)
            {
                File.SetUnixFileMode(full, OwnerOnly);
            }

            return;
        }

        try
        {
            using var created = new FileStream(full, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
        }
        catch (IOException) when (File.Exists(full))
        {
            // Made by someone else meanwhile: set its mode as for an existing file.
            File.SetUnixFileMode(full, OwnerOnly);
        }
    }
}
