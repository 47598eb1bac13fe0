using System.Diagnostics;

namespace Edge.Benchmarks;

/// <summary>
/// What a pass cost the whole benchmark process (simulated clients, broker and ingest together):
/// CPU time of all its threads, bytes allocated and collections, per publish. On a machine shared
/// with other work the wall clock moves with their load; CPU time per publish much less so, and
/// a pass minus its broker-alone baseline is what the ingest itself adds.
/// </summary>
internal readonly record struct ProcessCost(TimeSpan Cpu, long Allocated, int Gen0, int Gen2)
{
    public static ProcessCost Start()
    {
        using var self = Process.GetCurrentProcess();
        return new(self.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0), GC.CollectionCount(2));
    }

    /// <summary>Adds <c>cpu_us_per_publish_NAME</c>, <c>allocated_bytes_per_publish_NAME</c>, <c>gc_gen0_NAME</c> and <c>gc_gen2_NAME</c>.</summary>
    public void Stop(Dictionary<string, double> figures, string name, long publishes)
    {
        var end = Start();
        figures[$"cpu_us_per_publish_{name}"] = (end.Cpu - Cpu).TotalMicroseconds / publishes;
        figures[$"allocated_bytes_per_publish_{name}"] = (double)(end.Allocated - Allocated) / publishes;
        figures[$"gc_gen0_{name}"] = end.Gen0 - Gen0;
        figures[$"gc_gen2_{name}"] = end.Gen2 - Gen2;
    }
}
