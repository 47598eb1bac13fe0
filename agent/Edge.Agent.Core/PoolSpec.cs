namespace Edge.Agent.Core;

/// <summary>How many instances of a workload are kept ready and how many may run at once.</summary>
public sealed record PoolSpec
{
    public const int DefaultMinWarm = 1;
    public const int DefaultMaxConcurrency = 64;
    public const int DefaultMaxQueue = 1024;
    public const int MaxAllowedConcurrency = 10_000;
    public const int MaxAllowedQueue = 100_000;
    public static readonly TimeSpan DefaultIdleAfter = TimeSpan.FromSeconds(60);

    public static readonly PoolSpec Default = new();

    /// <summary>Instances kept instantiated while idle; 0 lets an idle workload shrink to nothing warm.</summary>
    public int MinWarm { get; init; } = DefaultMinWarm;

    /// <summary>Invocations running at once; more wait in the queue.</summary>
    public int MaxConcurrency { get; init; } = DefaultMaxConcurrency;

    /// <summary>Invocations waiting for a free slot; beyond it a request is refused as busy.</summary>
    public int MaxQueue { get; init; } = DefaultMaxQueue;

    /// <summary>Warm instances grown for a burst are dropped after this long without demand.</summary>
    public TimeSpan IdleAfter { get; init; } = DefaultIdleAfter;
}
