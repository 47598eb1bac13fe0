using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

/// <summary>Builders for valid specs and states; tests change only what they are about.</summary>
internal static class Specs
{
    public static string Digest(char hex) => ModuleDigest.Prefix + new string(hex, 64);

    public static WorkloadSpec Workload(string name, char digest = 'a') =>
        new() { Name = name, ModuleDigest = Digest(digest), ModuleSizeBytes = 1024 };

    public static DesiredState State(params WorkloadSpec[] workloads) => new() { Version = 1, Workloads = workloads };

    public static WorkloadStatus Status(WorkloadSpec spec, WorkloadPhase phase) => new()
    {
        Name = spec.Name,
        Phase = phase,
        ModuleDigest = spec.ModuleDigest,
        Since = DateTimeOffset.UnixEpoch,
    };
}
