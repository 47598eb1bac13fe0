using Edge.Agent.Core;

namespace Edge.Agent.Tests.Support;

/// <summary>
/// Records every start and stop in order ("start web", "stop web") and
/// answers with the phase scripted for the workload (Running by default).
/// </summary>
internal sealed class FakeWorkloadRuntime(TimeProvider time) : IWorkloadRuntime
{
    private readonly Lock _gate = new();
    private readonly List<string> _calls = [];
    private readonly Dictionary<string, WorkloadStatus> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (WorkloadSpec Spec, string Path)> _started = new(StringComparer.Ordinal);

    /// <summary>Phase to answer per workload name; absent means Running.</summary>
    public Dictionary<string, WorkloadPhase> Script { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public (WorkloadSpec Spec, string Path) Started(string name)
    {
        lock (_gate)
        {
            return _started[name];
        }
    }

    public Task<WorkloadStatus> StartAsync(WorkloadSpec spec, string modulePath, CancellationToken cancellationToken)
    {
        var phase = Script.GetValueOrDefault(spec.Name, WorkloadPhase.Running);
        var status = new WorkloadStatus
        {
            Name = spec.Name,
            Phase = phase,
            Message = phase == WorkloadPhase.Failed ? "scripted failure" : "",
            ModuleDigest = spec.ModuleDigest,
            Since = time.GetUtcNow(),
        };
        lock (_gate)
        {
            _calls.Add("start " + spec.Name);
            _known[spec.Name] = status;
            _started[spec.Name] = (spec, modulePath);
        }

        return Task.FromResult(status);
    }

    public Task StopAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _calls.Add("stop " + name);
            _known.Remove(name);
            _started.Remove(name);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<WorkloadStatus> Snapshot()
    {
        lock (_gate)
        {
            return [.. _known.Values];
        }
    }
}
