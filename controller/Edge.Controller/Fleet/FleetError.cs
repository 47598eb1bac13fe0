namespace Edge.Controller.Fleet;

/// <summary>Why the fleet refused a request; the admin API maps each to one gRPC status.</summary>
internal enum FleetError
{
    /// <summary>The request itself is malformed.</summary>
    Invalid,

    NotFound,

    /// <summary>The request is well formed but does not apply to the resource as it is.</summary>
    Precondition,

    /// <summary>A tenant quota would be exceeded.</summary>
    QuotaExceeded,
}
