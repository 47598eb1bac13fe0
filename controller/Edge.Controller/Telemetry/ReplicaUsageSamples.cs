using System.Globalization;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Telemetry;

/// <summary>A workload's usage samples per replica, and how many of them had CPU and memory measured rather than estimated.</summary>
internal sealed record ReplicaUsageSamples(IReadOnlyList<UsageSample> Samples, int CpuMeasured, int MemoryMeasured)
{
    /// <summary>For the recommendation's reasons: which figures were measured and which estimated.</summary>
    public IReadOnlyList<string> Reasons()
    {
        var total = Samples.Count;
        return
        [
            Describe("cpu", CpuMeasured, total, "the agents' CPU time (millicores)", "invocations/s x p50 latency, from agents that do not report CPU time"),
            Describe("memory", MemoryMeasured, total, "the peak linear memory per interval", "invocations in flight x the per-invocation memory limit, from agents that do not report memory"),
        ];
    }

    private static string Describe(string what, int measured, int total, string measuredText, string estimateText) =>
        measured == total && total > 0 ? $"{what} measured: {measuredText} in all {total} samples"
        : measured == 0 ? $"{what} estimated: {estimateText}"
        : string.Create(CultureInfo.InvariantCulture, $"{what} measured ({measuredText}) in {measured} of {total} samples, estimated in the rest as {estimateText}");
}
