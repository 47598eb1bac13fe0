namespace Edge.Scheduling;

public enum TolerationOperator
{
    /// <summary>The taint's key and value must equal the toleration's.</summary>
    Equal,

    /// <summary>Any value of the key; with no key, every taint.</summary>
    Exists,
}
