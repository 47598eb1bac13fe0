namespace Edge.Scheduling.Bounds;

/// <summary>How a bound's numbers read to an operator.</summary>
public enum BoundUnit
{
    /// <summary>A plain count or number.</summary>
    Number,

    /// <summary>How many items a list or map holds.</summary>
    Entries,

    /// <summary>UTF-8 bytes of a text (a key, a value, an argument).</summary>
    TextBytes,

    /// <summary>A size in bytes, written 64Mi in a manifest.</summary>
    Bytes,

    /// <summary>CPU in millicores, written 250m.</summary>
    Millicores,

    /// <summary>A duration in milliseconds, written 30s.</summary>
    Milliseconds,
}
