using System.Buffers.Binary;
using LiteDB;

namespace Edge.Shared;

/// <summary>What every LiteDB file of Edge (agent and controller) is opened with, checked with and moved aside with.</summary>
internal static class LiteDbFile
{
    /// <summary>LiteDB 5 pages are 8 KiB; each starts with its own page id (uint32) and its type (one byte).</summary>
    public const int PageSize = 8192;

    // LiteDB v5 writes this text into the header page of every data file.
    private static readonly byte[] HeaderMark = "** This is a LiteDB file **"u8.ToArray();

    // Header page: the id of the last page in use, after the header mark and the file version.
    private const int LastPageIdOffset = 64;
    private const byte MaxPageType = 4; // Empty, Header, Collection, Index, Data

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

    /// <summary>
    /// Opens the file as its one writer and checks it (see <see cref="Verify"/>); a file that
    /// fails either throws, and nothing of it stays open.
    /// </summary>
    public static LiteDatabase Open(string path)
    {
        ThrowIfNotLiteDb(path);
        MakePrivate(path);
        if (File.Exists(path))
        {
            // Before LiteDB's checkpoint can paper over it with the log's copies of some pages.
            VerifyPages(path, logMerged: false);
        }

        var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, Mapper());
        try
        {
            // One writer per file and one lock in front of it: a lock wait inside LiteDB means a
            // transaction leaked by an earlier failure, so give up in seconds, not LiteDB's minute.
            db.Pragma("TIMEOUT", 5);
            Verify(db, path);
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Moves the write-ahead log into the data file, then checks the file's page structure: a
    /// whole number of pages, at least as many as the header says are in use, each page
    /// carrying its own id and a known type. A truncated file, or one with bytes overwritten
    /// in a page header, fails here rather than at some later write.
    /// </summary>
    public static void Verify(LiteDatabase db, string path)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Checkpoint();
        VerifyPages(path, logMerged: true);
    }

    /// <summary>
    /// The page checks of <see cref="Verify"/> on the data file alone. Before the log is merged
    /// (<paramref name="logMerged"/> false) the header may name pages that only the log holds yet.
    /// </summary>
    private static void VerifyPages(string path, bool logMerged)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length == 0)
        {
            return; // a new file: LiteDB writes its header at the first checkpoint
        }

        if (file.Length % PageSize != 0)
        {
            throw new InvalidDataException($"{file.Length} bytes is not a whole number of {PageSize}-byte pages: truncated or damaged");
        }

        var pages = file.Length / PageSize;
        var page = new byte[PageSize];
        file.ReadExactly(page);
        var lastPage = BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(LastPageIdOffset));
        if (logMerged && lastPage >= pages)
        {
            throw new InvalidDataException($"the header names page {lastPage} in use but the file holds {pages} pages: truncated");
        }

        for (long i = 0; i <= Math.Min(lastPage, pages - 1); i++)
        {
            file.Position = i * PageSize;
            file.ReadExactly(page.AsSpan(0, 5));
            var id = BinaryPrimitives.ReadUInt32LittleEndian(page);
            if (id != i || page[4] > MaxPageType || (i == 0) != (page[4] == 1))
            {
                throw new InvalidDataException($"page {i} carries id {id} and type {page[4]}: damaged");
            }
        }
    }

    /// <summary>
    /// Whether a failure of a LiteDB call means the file (or the engine's view of it) is
    /// damaged and will not heal by retrying: LiteDB's own integrity checks (ENSURE failures
    /// carry INVALID_DATAFILE_STATE), an invalid database, a lock wait in a file that has one
    /// writer (a transaction leaked by an earlier failure), and the exceptions a damaged page raises while being decoded. Disk full or a permission
    /// problem is not corruption: moving the file aside would lose what it holds.
    /// </summary>
    public static bool IsCorruption(Exception ex) => ex switch
    {
        LiteException lite => lite.ErrorCode is LiteException.INVALID_DATABASE or LiteException.INVALID_DATAFILE_STATE
            or LiteException.LOCK_TIMEOUT or LiteException.INVALID_TRANSACTION_STATE or LiteException.INVALID_FREE_SPACE_PAGE or LiteException.INVALID_FORMAT
            or LiteException.INDEX_DUPLICATE_KEY,
        InvalidDataException or InvalidCastException or IndexOutOfRangeException or ArgumentOutOfRangeException
            or FormatException or OverflowException or EndOfStreamException or NullReferenceException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsCorruption),
        _ => ex.InnerException is { } inner && IsCorruption(inner),
    };

    /// <summary>
    /// Whether the engine is closed (by its own shutdown after a failure, or by a dispose): the
    /// file may be whole; reopening it is the remedy, not moving it aside.
    /// </summary>
    public static bool IsEngineGone(Exception ex) =>
        ex is ObjectDisposedException || (ex is LiteException lite && lite.ErrorCode is LiteException.ENGINE_DISPOSED or LiteException.DATABASE_SHUTDOWN);

    /// <summary>
    /// Moves the file and its write-ahead log aside as <c>{path}.corrupt-{timestamp}</c> (kept
    /// for inspection) and returns where the data file went.
    /// </summary>
    public static string Quarantine(string path, DateTimeOffset now)
    {
        var aside = $"{path}.corrupt-{now:yyyyMMddHHmmssfff}";
        File.Move(path, aside, overwrite: true);
        var log = LogPath(path);
        if (File.Exists(log))
        {
            File.Move(log, aside + "-log", overwrite: true);
        }

        return aside;
    }

    /// <summary>Disposes a database whose engine may be wedged, waiting a bounded time.</summary>
    public static void DisposeWithin(LiteDatabase db, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(db);
        var disposing = Task.Run(() =>
        {
            try
            {
                db.Dispose();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A damaged engine may fail to close; the file goes aside either way.
            }
        });
        disposing.Wait(bound);
    }
}
