namespace Edge.Agent.Core;

/// <summary>When a node renews its certificate: at 2/3 of its lifetime, as kubelet's rotation does (70-90%, here fixed).</summary>
public static class RenewalSchedule
{
    public static DateTimeOffset RenewAt(DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        notBefore + ((notAfter - notBefore) * 2 / 3);

    /// <summary>How long to wait from <paramref name="now"/>; zero when due. Capped at a day so timers stay in range.</summary>
    public static TimeSpan Wait(DateTimeOffset now, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var wait = RenewAt(notBefore, notAfter) - now;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : wait;
    }
}
