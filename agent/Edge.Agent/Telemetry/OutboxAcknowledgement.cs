using Edge.Agent.State;

namespace Edge.Agent.Telemetry;

/// <summary>
/// What the controller has durably ingested of this node's telemetry: its
/// committed watermark, told on the Connect stream, trims the outbox. Until
/// a controller says whether it acknowledges (Welcome.telemetry_ack), samples
/// stay in the outbox; a controller that says it does not (an older one)
/// leaves trimming to the broker's PUBACK, as before.
/// </summary>
internal sealed partial class OutboxAcknowledgement(AgentStateStore store, TimeProvider time, ILogger<OutboxAcknowledgement> logger)
{
    private const int Unknown = 0;
    private const int ByController = 1;
    private const int ByBroker = 2;
    private readonly Lock _gate = new();
    private int _mode = Unknown;
    private ulong _stream;
    private ulong _acknowledged;
    private DateTimeOffset _lastProgress = time.GetUtcNow();
    private long _resends;
    private long _resentSamples;

    /// <summary>Raised after the watermark moved and the outbox was trimmed.</summary>
    public event Action? Progressed;

    /// <summary>True once a controller said it does not acknowledge: the broker's PUBACK trims the outbox.</summary>
    public bool TrimOnPuback => Volatile.Read(ref _mode) == ByBroker;

    /// <summary>"controller", "broker" or "unknown" (no controller met yet: nothing is trimmed).</summary>
    public string Mode => Volatile.Read(ref _mode) switch
    {
        ByController => "controller",
        ByBroker => "broker",
        _ => "unknown",
    };

    /// <summary>The controller's watermark for this node's current telemetry stream (0: none told yet).</summary>
    public ulong AcknowledgedThrough
    {
        get
        {
            var stream = store.TelemetryStream();
            lock (_gate)
            {
                return _stream == stream ? _acknowledged : 0;
            }
        }
    }

    /// <summary>When the watermark last moved, or when samples last became outstanding.</summary>
    public DateTimeOffset LastProgress
    {
        get
        {
            lock (_gate)
            {
                return _lastProgress;
            }
        }
    }

    /// <summary>Times the sender went back to the acknowledged watermark after the timeout.</summary>
    public long Resends => Interlocked.Read(ref _resends);

    /// <summary>Samples published more than once since start.</summary>
    public long ResentSamples => Interlocked.Read(ref _resentSamples);

    /// <summary>The controller's Welcome: whether it will acknowledge on this stream.</summary>
    public void ControllerSays(bool acknowledges)
    {
        var mode = acknowledges ? ByController : ByBroker;
        if (Interlocked.Exchange(ref _mode, mode) != mode)
        {
            LogMode(acknowledges ? "the controller's committed watermark" : "the broker's PUBACK (the controller does not acknowledge telemetry)");
        }
    }

    /// <summary>
    /// A TelemetryAck: trims the outbox up to it when it is of this node's stream and moves forward.
    /// A state file that fails leaves the outbox as it is (the store says so in its health, and the
    /// samples are sent again and deduplicated by the controller): the Connect stream lives on.
    /// </summary>
    public void Acknowledged(ulong stream, ulong sequence) => store.TryWithRecovery(() => Trim(stream, sequence));

    private void Trim(ulong stream, ulong sequence)
    {
        var current = store.TelemetryStream();
        if (stream != current)
        {
            LogOtherStream(stream, current, sequence);
            return;
        }

        lock (_gate)
        {
            if (_stream == stream && sequence <= _acknowledged)
            {
                return;
            }

            store.TrimTelemetry(sequence);
            _stream = stream;
            _acknowledged = sequence;
            _lastProgress = time.GetUtcNow();
        }

        Progressed?.Invoke();
    }

    /// <summary>Samples were sent with nothing outstanding before: the timeout counts from now.</summary>
    public void Outstanding()
    {
        lock (_gate)
        {
            _lastProgress = time.GetUtcNow();
        }
    }

    /// <summary>The sender goes back to the watermark: counted, and the timeout counts from now.</summary>
    public void Resending(ulong sentThrough)
    {
        Interlocked.Increment(ref _resends);
        var acknowledged = AcknowledgedThrough;
        lock (_gate)
        {
            _lastProgress = time.GetUtcNow();
        }

        LogResending(sentThrough, acknowledged);
    }

    public void Resent(int samples) => Interlocked.Add(ref _resentSamples, samples);

    /// <summary>The figures for /metrics and /status; <paramref name="highestSent"/> is the sender's.</summary>
    public OutboxAcknowledgementFigures Figures(ulong highestSent) => new(
        Mode, AcknowledgedThrough, store.CountTelemetryThrough(highestSent), Resends, ResentSamples);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Information, Message = "Telemetry leaves the outbox on {Trigger}")]
    private partial void LogMode(string trigger);

    [LoggerMessage(EventId = 2405, Level = LogLevel.Warning, Message = "Telemetry sent through sequence {Sent} but the controller acknowledged only {Acknowledged} in time: sending again from there")]
    private partial void LogResending(ulong sent, ulong acknowledged);

    [LoggerMessage(EventId = 2406, Level = LogLevel.Debug, Message = "Telemetry acknowledgement for stream {Stream:x16} ignored (this node's stream is {Current:x16}), sequence {Sequence}")]
    private partial void LogOtherStream(ulong stream, ulong current, ulong sequence);
}
