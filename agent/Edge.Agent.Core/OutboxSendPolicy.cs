namespace Edge.Agent.Core;

/// <summary>
/// The telemetry sender's choice when the controller acknowledges what it
/// has durably ingested. Samples up to <c>sentThrough</c> went to the broker
/// (PUBACK), those up to <c>acknowledged</c> are in the controller's
/// watermark. Something outstanding with no acknowledgement progress for
/// <c>timeout</c> means a broker lost it (or the controller never got it):
/// send again from the watermark, in order. Otherwise at most
/// <c>window</c> sequences may be outstanding, so a broker that takes
/// publishes while the controller is away is not sent the whole outbox
/// again at every timeout. Pure: time comes in as arguments.
/// </summary>
public static class OutboxSendPolicy
{
    /// <param name="lastProgress">When the acknowledgement last moved, or when something became outstanding.</param>
    /// <returns>The step, and how long to wait at most before deciding again (the time left to the timeout; zero when nothing is outstanding).</returns>
    public static (OutboxStep Step, TimeSpan WaitAtMost) Next(
        ulong sentThrough, ulong acknowledged, DateTimeOffset lastProgress, DateTimeOffset now, TimeSpan timeout, long window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (sentThrough <= acknowledged)
        {
            return (OutboxStep.Send, TimeSpan.Zero);
        }

        var left = timeout - (now - lastProgress);
        if (left <= TimeSpan.Zero)
        {
            return (OutboxStep.Resend, TimeSpan.Zero);
        }

        return (sentThrough - acknowledged >= (ulong)window ? OutboxStep.Wait : OutboxStep.Send, left);
    }
}
