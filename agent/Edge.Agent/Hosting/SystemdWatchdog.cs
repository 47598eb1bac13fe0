using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;

namespace Edge.Agent.Hosting;

/// <summary>
/// Pings systemd's watchdog (WatchdogSec= in the unit) at half its interval while every loop of
/// the agent makes progress (<see cref="LoopProgress"/>: reconcile, telemetry, the controller
/// stream); a loop past its promised beat withholds the ping, so systemd restarts a wedged agent.
/// Microsoft.Extensions.Hosting.Systemd sends READY and STOPPING but not this.
/// </summary>
internal sealed partial class SystemdWatchdog(ISystemdNotifier notifier, LoopProgress progress, TimeProvider time, ILogger<SystemdWatchdog> logger) : BackgroundService
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        if (!notifier.IsEnabled || !long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) || micros <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMicroseconds(micros / 2.0), time);
        var withheld = false;
        try
        {
            do
            {
                var overdue = progress.Overdue();
                if (overdue.Count == 0)
                {
                    notifier.Notify(Ping);
                    withheld = false;
                }
                else if (!withheld)
                {
                    withheld = true;
                    LogWithheld(string.Join(", ", overdue.Select(o => $"{o.Loop} {o.Late.TotalSeconds:0.#} s late")));
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 2050, Level = LogLevel.Error, Message = "Withholding the systemd watchdog ping: {Overdue}; systemd restarts the agent if it does not recover")]
    private partial void LogWithheld(string overdue);
}
