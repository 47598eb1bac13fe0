namespace Edge.Controller.Identity;

/// <summary>The roles' names on the wire and in files.</summary>
internal static class AdminRoleNames
{
    public static string Of(AdminRole role) => role switch
    {
        AdminRole.FleetAdmin => "fleet-admin",
        AdminRole.TenantAdmin => "tenant-admin",
        _ => "viewer",
    };

    public static bool TryParse(string text, out AdminRole role)
    {
        role = text switch
        {
            "fleet-admin" => AdminRole.FleetAdmin,
            "tenant-admin" => AdminRole.TenantAdmin,
            "viewer" => AdminRole.Viewer,
            _ => (AdminRole)(-1),
        };
        return Enum.IsDefined(role);
    }
}
