using System.Text;
using Edge.Agent.Core;

namespace Edge.Agent.Tests.Support;

/// <summary>
/// Module bytes and the specs that name them. The supervisor and the cache
/// only hash modules, so any bytes do; the fake runtime never runs them.
/// </summary>
internal static class TestModules
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes("(module ;; " + text + ")");

    public static string DigestOf(byte[] bytes) => ModuleDigest.Of(bytes);

    public static WorkloadSpec Spec(string name, byte[] module) => new()
    {
        Name = name,
        ModuleDigest = DigestOf(module),
        ModuleSizeBytes = module.Length,
    };

    public static DesiredState State(long version, params WorkloadSpec[] workloads) =>
        new() { Version = version, Workloads = workloads };
}
