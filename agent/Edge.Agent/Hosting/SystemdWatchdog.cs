using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;

namespace Edge.Agent.Hosting;

/// <summary>
/// Pings systemd's watchdog (WatchdogSec= in the unit) at half its interval;
/// Microsoft.Extensions.Hosting.Systemd sends READY and STOPPING but not this.
/// </summary>
internal sealed class SystemdWatchdog(ISystemdNotifier notifier, TimeProvider time) : BackgroundService
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
        try
        {
            do
            {
                notifier.Notify(Ping);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
