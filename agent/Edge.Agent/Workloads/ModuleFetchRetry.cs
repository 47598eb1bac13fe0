using Edge.Agent.Connection;
using Edge.Agent.Core;
using Edge.Agent.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Workloads;

/// <summary>
/// A workload whose module could not be fetched waits (Pending, with the error, on the node and
/// in `explain`); while the controller stream is up it is tried again after
/// Agent:ModuleRetryMinDelay, doubling per failure up to Agent:ModuleRetryMaxDelay (half of each
/// delay random, as the reconnect backoff), until the fetch succeeds. A reconnect tries at once
/// as before (ControllerConnection); this covers a fetch that fails while the stream stays up.
/// </summary>
internal sealed partial class ModuleFetchRetry(
    WorkloadSupervisor supervisor,
    AgentStatusBoard board,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<ModuleFetchRetry> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var attempt = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var waiting = supervisor.HasWaiting;
                var delay = waiting ? Backoff.Delay(attempt, o.ModuleRetryMinDelay, o.ModuleRetryMaxDelay, Random.Shared.NextDouble()) : o.ModuleRetryMinDelay;
                await Task.Delay(delay, time, stoppingToken);
                if (!supervisor.HasWaiting)
                {
                    attempt = 0;
                    continue;
                }

                if (!board.Read().Connected)
                {
                    continue; // the module comes from the controller; the reconnect tries again
                }

                try
                {
                    await supervisor.RetryWaitingAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRetryFailed(ex.Message);
                }

                if (supervisor.HasWaiting)
                {
                    attempt++;
                }
                else
                {
                    LogRetrySucceeded(attempt + 1);
                    attempt = 0;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 2209, Level = LogLevel.Information, Message = "Waiting workloads started after {Attempts} retried fetch(es)")]
    private partial void LogRetrySucceeded(int attempts);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Warning, Message = "Retrying the waiting workloads failed: {Error}")]
    private partial void LogRetryFailed(string error);
}
