using System.Diagnostics;

namespace Edge.Benchmarks;

/// <summary>Median wall time of repeated runs after a warm-up, for system-level suites.</summary>
internal static class Measure
{
    public static double MedianMilliseconds(Action run, int warmups = 3, int runs = 15)
    {
        for (var i = 0; i < warmups; i++)
        {
            run();
        }

        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples[runs / 2];
    }
}
