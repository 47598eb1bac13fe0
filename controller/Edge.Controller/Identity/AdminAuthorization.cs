namespace Edge.Controller.Identity;

/// <summary>
/// The pure decision: may this principal call this admin method for this
/// tenant? Returns null when allowed, else the reason.
/// </summary>
internal static class AdminAuthorization
{
    public const string AdminService = "edge.v1.AdminService";
    public const string IdentityAdminService = "edge.v1.IdentityAdminService";
    private static readonly string[] ReadPrefixes = ["List", "Get", "Top", "Query", "Describe", "Explain", "Watch", "Recommend"];

    public static bool IsGuarded(string service) => service is AdminService or IdentityAdminService;

    public static bool IsRead(string method) => ReadPrefixes.Any(p => method.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// The tenant a request acts on, as kubectl's namespace: the one its tenant field names, else the
    /// x-edge-tenant header's, else the caller's own for a tenant-admin and "default" for everyone
    /// else (dev mode, with no principal, included).
    /// </summary>
    public static string TenantOf(AdminPrincipal? principal, string? field, string? header) =>
        field is { Length: > 0 } ? field
        : header is { Length: > 0 } ? header
        : principal is { Role: AdminRole.TenantAdmin } ? principal.Tenant
        : Edge.Scheduling.WorkloadKeys.DefaultTenant;

    /// <param name="service">Full service name, e.g. edge.v1.AdminService.</param>
    /// <param name="method">Method name, e.g. ListNodes.</param>
    /// <param name="requestTenant">The tenant the request names (its tenant field or the x-edge-tenant header); null when it names none.</param>
    /// <param name="requestHasTenantField">Whether the request message can carry a tenant at all.</param>
    public static string? Decide(AdminPrincipal principal, string service, string method, string? requestTenant, bool requestHasTenantField)
    {
        var role = AdminRoleNames.Of(principal.Role);
        if (principal.Role == AdminRole.FleetAdmin)
        {
            return null;
        }

        if (service == IdentityAdminService)
        {
            return $"{role} may not call {method}: tokens, certificates and revocation need fleet-admin";
        }

        var read = IsRead(method);
        if (principal.Role == AdminRole.Viewer)
        {
            return read ? null : $"viewer may only read; {method} changes the fleet";
        }

        if (requestTenant is { Length: > 0 } && !string.Equals(requestTenant, principal.Tenant, StringComparison.Ordinal))
        {
            return $"tenant-admin of '{principal.Tenant}' may not {(read ? "read" : "change")} tenant '{requestTenant}'";
        }

        if (!read && !requestHasTenantField)
        {
            return $"tenant-admin may not call {method}: the request carries no tenant, so it would reach beyond tenant '{principal.Tenant}'";
        }

        return null;
    }
}
