using Edge.Agent.Core;
using Edge.Agent.State;
using Edge.Agent.Workloads;

namespace Edge.Agent.Hosting;

/// <summary>
/// Work that must finish before the agent says READY: open the state file
/// (moving a corrupt one aside) and start the last desired state from it,
/// before and without the controller.
/// </summary>
internal sealed partial class AgentStartup(
    AgentStateStore store,
    WorkloadSupervisor supervisor,
    TimeProvider time,
    ILogger<AgentStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        store.Open(time);
        store.Rebuilt += supervisor.PersistApplied; // a file rebuilt at run time gets the running state back
        DesiredState? desired;
        try
        {
            desired = store.LoadDesired();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && store.Recover(ex))
        {
            desired = null; // the damaged file went aside; the controller gives the state again
        }

        if (desired is null)
        {
            LogNoLocalState(store.Path);
            return;
        }

        LogResuming(desired.Version, desired.Workloads.Count, store.Path);
        await supervisor.ApplyAsync(desired, "local state", persist: false, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "No desired state in {Path} yet; waiting for the controller")]
    private partial void LogNoLocalState(string path);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Running desired state v{Version} ({Workloads} workloads) from {Path}, without waiting for the controller")]
    private partial void LogResuming(long version, int workloads, string path);
}
