using System.Globalization;

namespace Edge.Scheduling.Autoscaling;

/// <summary>Recommends a replica's reservation from observed usage (see <see cref="VerticalOptions"/>).</summary>
public static class VerticalRecommender
{
    public static VerticalRecommendation Recommend(
        ResourceAmount current, IReadOnlyList<UsageSample> samples, VerticalOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        var recent = samples.Where(s => s.At > now - options.History && s.At <= now && double.IsFinite(s.CpuMillis) && s.CpuMillis >= 0 && s.MemoryBytes >= 0).ToList();
        if (recent.Count < options.MinSamples)
        {
            return new VerticalRecommendation(current, null, false, [Invariant($"only {recent.Count} usage sample(s) in the last {options.History.TotalHours:0.#}h; {options.MinSamples} needed")]);
        }

        var cpus = recent.Select(s => s.CpuMillis).Order().ToList();
        var rank = (int)Math.Ceiling(options.CpuPercentile * cpus.Count) - 1;
        var cpuAt = cpus[Math.Clamp(rank, 0, cpus.Count - 1)];
        var memoryPeak = recent.Max(s => s.MemoryBytes);
        var cpu = Math.Max(options.MinCpuMillis, (long)Math.Ceiling(cpuAt * (1 + options.Margin)));
        var memory = Math.Max(options.MinMemoryBytes, (long)Math.Ceiling(memoryPeak * (1 + options.Margin)));
        var recommended = new ResourceAmount(cpu, memory);
        var reasons = new List<string>
        {
            Invariant($"cpu: p{options.CpuPercentile * 100:0} of {recent.Count} samples is {cpuAt:0.#}m, +{options.Margin:P0} margin = {cpu}m (floor {options.MinCpuMillis}m)"),
            Invariant($"memory: peak {memoryPeak} bytes, +{options.Margin:P0} margin = {memory} bytes (floor {options.MinMemoryBytes})"),
        };
        var worth = Changed(current.CpuMillis, cpu, options.MinChange) || Changed(current.MemoryBytes, memory, options.MinChange);
        reasons.Add(worth
            ? Invariant($"differs from the current {current.CpuMillis}m / {current.MemoryBytes} bytes by more than {options.MinChange:P0}: resize")
            : Invariant($"within {options.MinChange:P0} of the current reservation: keep it"));
        return new VerticalRecommendation(current, recommended, worth, reasons);
    }

    private static bool Changed(long current, long recommended, double minChange) =>
        current <= 0 || Math.Abs(recommended - current) > minChange * current;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
