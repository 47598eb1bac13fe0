namespace Edge.IntegrationTests;

/// <summary>Waits on a condition with a bound, instead of sleeping a guessed time.</summary>
internal static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan bound, string what)
    {
        var deadline = DateTime.UtcNow + bound;
        Exception? lastError = null;
        T last = default!;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                if (done(last))
                {
                    return last;
                }

                lastError = null;
            }
            catch (Exception ex) when (ex is not AssertionException)
            {
                lastError = ex;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"not within {bound.TotalSeconds} s: {what}. Last seen: {last}{(lastError is null ? "" : $"; last error: {lastError.Message}")}");
    }

    public static Task Until(Func<bool> condition, TimeSpan bound, string what) =>
        Until(() => Task.FromResult(condition()), ok => ok, bound, what);
}
