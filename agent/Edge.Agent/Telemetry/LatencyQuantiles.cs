using Edge.Agent.Core;

namespace Edge.Agent.Telemetry;

/// <summary>Quantiles of the invocations between two cumulative histograms, as Prometheus' histogram_quantile reads buckets.</summary>
internal static class LatencyQuantiles
{
    /// <summary>The q-quantile (0..1) in milliseconds of <paramref name="now"/> minus <paramref name="before"/>; 0 when nothing ran.</summary>
    public static double Between(LatencyHistogram? before, LatencyHistogram now, double q)
    {
        var counts = new long[now.Counts.Count];
        long total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var earlier = before is not null && before.Counts.Count == counts.Length ? before.Counts[i] : 0;
            counts[i] = Math.Max(0, now.Counts[i] - earlier);
            total += counts[i];
        }

        if (total == 0)
        {
            return 0;
        }

        var rank = q * total;
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (seen + counts[i] >= rank && counts[i] > 0)
            {
                var lower = i == 0 ? 0 : now.BoundsMs[i - 1];
                if (i >= now.BoundsMs.Count)
                {
                    return lower; // +Inf bucket: its lower bound is all that is known
                }

                var upper = now.BoundsMs[i];
                return lower + ((upper - lower) * (rank - seen) / counts[i]);
            }

            seen += counts[i];
        }

        return now.BoundsMs.Count > 0 ? now.BoundsMs[^1] : 0;
    }
}
