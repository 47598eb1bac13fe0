namespace Edge.Scheduling;

/// <summary>
/// A binary max-heap of node entries: higher key first, ties to the ordinally smaller node name,
/// the same order the reference scan uses (names compared by their precomputed rank). Entries go stale (lazy deletion); the index checks
/// each one against the cache when it reaches the top.
/// </summary>
internal sealed class NodeHeap(int[] nameRank)
{
    private HeapEntry[] _items = new HeapEntry[16];

    public int Count { get; private set; }

    public HeapEntry Peek() => _items[0];

    public void Clear() => Count = 0;

    /// <summary>Adds without ordering; call <see cref="Heapify"/> before use.</summary>
    public void AddUnordered(HeapEntry entry)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = entry;
    }

    public void Heapify()
    {
        for (var i = (Count / 2) - 1; i >= 0; i--)
        {
            Down(i);
        }
    }

    public void Push(HeapEntry entry)
    {
        AddUnordered(entry);
        Up(Count - 1);
    }

    public HeapEntry Pop()
    {
        var top = _items[0];
        _items[0] = _items[--Count];
        if (Count > 0)
        {
            Down(0);
        }

        return top;
    }

    /// <summary>True when <paramref name="a"/> goes before <paramref name="b"/>.</summary>
    public bool Before(HeapEntry a, HeapEntry b) =>
        a.Key != b.Key ? a.Key > b.Key : nameRank[a.Slot] < nameRank[b.Slot];

    private void Up(int i)
    {
        var item = _items[i];
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Before(item, _items[parent]))
            {
                break;
            }

            _items[i] = _items[parent];
            i = parent;
        }

        _items[i] = item;
    }

    private void Down(int i)
    {
        var item = _items[i];
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && Before(_items[child + 1], _items[child]))
            {
                child++;
            }

            if (!Before(_items[child], item))
            {
                break;
            }

            _items[i] = _items[child];
            i = child;
        }

        _items[i] = item;
    }
}

/// <summary>A node slot with the key it had when pushed and the cache version of the slot then.</summary>
internal readonly record struct HeapEntry(long Key, int Slot, int Version);
