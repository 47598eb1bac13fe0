namespace Edge.Controller.Identity;

/// <summary>What an admin token may do (docs/enrollment.md, "Admin roles").</summary>
internal enum AdminRole
{
    /// <summary>Everything, including tokens, CSRs and revocation.</summary>
    FleetAdmin,

    /// <summary>Reads and writes within one tenant.</summary>
    TenantAdmin,

    /// <summary>Reads only.</summary>
    Viewer,
}
