using System.ComponentModel.DataAnnotations;

namespace Edge.Controller.Events;

/// <summary>Settings of the event log, under "Controller:Events" (docs/operations.md).</summary>
internal sealed class EventOptions
{
    public const string Section = "Controller:Events";

    /// <summary>Events kept; past it the least recently seen go first.</summary>
    [Range(100, 1_000_000, ErrorMessage = "Controller:Events:MaxEvents must be between 100 and 1,000,000")]
    public int MaxEvents { get; set; } = 10_000;

    /// <summary>An event not seen again for this long is dropped (kube-apiserver's --event-ttl is 1 h too).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Controller:Events:Retention must be between 1 min and 30 days")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often new and folded events are written to the fleet store (and old ones dropped).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "Controller:Events:FlushPeriod must be between 50 ms and 1 min")]
    public TimeSpan FlushPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often node health conditions are looked at for changes to record as events.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Controller:Events:ConditionCheckPeriod must be between 100 ms and 10 min")]
    public TimeSpan ConditionCheckPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Concurrent WatchEvents streams; one more is refused.</summary>
    [Range(1, 10_000, ErrorMessage = "Controller:Events:MaxWatchers must be between 1 and 10,000")]
    public int MaxWatchers { get; set; } = 100;

    /// <summary>Events a watcher may fall behind by before its stream is ended (it lists and watches again).</summary>
    [Range(16, 1_000_000, ErrorMessage = "Controller:Events:WatchBuffer must be between 16 and 1,000,000")]
    public int WatchBuffer { get; set; } = 10_000;
}
