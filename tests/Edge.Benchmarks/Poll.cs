namespace Edge.Benchmarks;

/// <summary>Waits on a condition with a bound, polling; the timeout names what was awaited.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> probe, TimeSpan bound, string what, Func<string>? context = null, TimeSpan? every = null)
    {
        var start = TimeProvider.System.GetTimestamp();
        Exception? last = null;
        while (TimeProvider.System.GetElapsedTime(start) < bound)
        {
            try
            {
                if (await probe())
                {
                    return;
                }

                last = null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                last = ex;
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"not within {bound.TotalSeconds} s: {what}{(last is null ? "" : $"; last error: {last.Message}")}{(context is null ? "" : "\n" + context())}");
    }
}
