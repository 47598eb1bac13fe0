using Edge.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Fleet;

/// <summary>
/// The node lifecycle loop: every lease-check period, marks nodes Disconnected when their
/// heartbeats stop, then runs <see cref="FleetState.RunLifecycle"/> (replicas past their
/// lostAfter are replaced, drains advance).
/// </summary>
internal sealed partial class LeaseMonitor(
    FleetState fleet,
    IOptions<ControllerOptions> options,
    TimeProvider time,
    ILogger<LeaseMonitor> logger) : PeriodicPass(time)
{
    protected override TimeSpan? Period => options.Value.LeaseCheckPeriod;

    protected override void RunPass()
    {
        fleet.CheckLeases();
        fleet.RunLifecycle();
    }

    protected override void OnPassFailed(Exception exception) => LogCheckFailed(exception);

    [LoggerMessage(EventId = 1600, Level = LogLevel.Error, Message = "Node lease check or lifecycle pass failed")]
    private partial void LogCheckFailed(Exception exception);
}
