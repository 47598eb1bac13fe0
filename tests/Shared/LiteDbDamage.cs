namespace Edge.Testing;

/// <summary>
/// Damage LiteDB 5 opens without complaint and fails on at its next insert: each data page's
/// free-list slot byte (page header offset 13) set to the next list, as in the telemetry.db
/// that failed every commit with "stored slot must be same as called".
/// </summary>
internal static class LiteDbDamage
{
    private const int PageSize = 8192;
    private const int TypeOffset = 4;
    private const int SlotOffset = 13;
    private const byte DataPage = 4;
    private const int FreeLists = 5;

    /// <summary>Returns how many data pages it changed.</summary>
    public static int MisplaceFreeListSlots(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var changed = 0;
        for (var at = 0; at + PageSize <= bytes.Length; at += PageSize)
        {
            if (bytes[at + TypeOffset] == DataPage && bytes[at + SlotOffset] < FreeLists)
            {
                bytes[at + SlotOffset] = (byte)((bytes[at + SlotOffset] + 1) % FreeLists);
                changed++;
            }
        }

        File.WriteAllBytes(path, bytes);
        return changed;
    }
}
