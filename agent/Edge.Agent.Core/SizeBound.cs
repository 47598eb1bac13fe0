namespace Edge.Agent.Core;

/// <summary>Keeps the items of a list that fit in a byte budget, from one end: log answers stay inside a message bound.</summary>
public static class SizeBound
{
    /// <summary>
    /// The items that fit in <paramref name="bytes"/> as <paramref name="size"/> counts them: the last
    /// ones (<paramref name="newest"/>) or the first ones, in their order; the list itself when all fit.
    /// </summary>
    public static IReadOnlyList<T> Keep<T>(IReadOnlyList<T> items, Func<T, int> size, int bytes, bool newest)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(size);
        var used = 0L;
        var count = 0;
        for (var i = 0; i < items.Count; i++)
        {
            used += size(items[newest ? items.Count - 1 - i : i]);
            if (used > bytes)
            {
                break;
            }

            count++;
        }

        return count == items.Count ? items : newest ? [.. items.Skip(items.Count - count)] : [.. items.Take(count)];
    }
}
