using Edge.Controller.Identity;
using Edge.Scheduling;
using Grpc.Core;

namespace Edge.Controller.Grpc;

/// <summary>
/// The tenant an admin call acts on and what it may see, as kubectl's namespace: workloads and
/// autoscalers are (tenant, name) pairs, keyed inside the controller by <see cref="WorkloadKeys"/>.
/// A tenant-admin is <see cref="Restricted"/> to its own tenant: another tenant's objects are not
/// in its lists, and their names resolve to keys of its own tenant that do not exist, so they
/// answer NotFound exactly as names nobody uses (docs/enrollment.md, "Tenants as namespaces").
/// </summary>
internal sealed record TenantScope(string Tenant, bool AllTenants, bool Restricted)
{
    /// <param name="context">The call, holding the principal the interceptor authorised (none in dev mode) and the x-edge-tenant header.</param>
    /// <param name="requestTenant">The request's tenant field; empty = the header's, else the caller's own (tenant-admin) or "default".</param>
    /// <param name="allTenants">A list over every tenant the caller may read (a tenant-admin: still its own).</param>
    public static TenantScope Of(ServerCallContext context, string requestTenant, bool allTenants = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.UserState.TryGetValue(AdminAuthInterceptor.PrincipalKey, out var p) ? p as AdminPrincipal : null;
        var tenant = AdminAuthorization.TenantOf(principal, requestTenant, context.RequestHeaders?.GetValue(AdminAuthInterceptor.TenantHeader));
        if (!Names.IsDnsLabel(tenant))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"tenant '{tenant}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters)"));
        }

        var restricted = principal is { Role: AdminRole.TenantAdmin };
        return new TenantScope(tenant, allTenants && !restricted, restricted);
    }

    /// <summary>The scope of node reads: everything, but a tenant-admin sees its own tenant's workloads only.</summary>
    public static TenantScope OfNodes(ServerCallContext context) => Of(context, "", allTenants: true);

    /// <summary>The key of <paramref name="name"/> in this tenant; a name that is not a DNS label is refused (it could spell another tenant's key).</summary>
    public string Key(string name, string what = "workload")
    {
        if (!Names.IsDnsLabel(name))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{what} name '{name}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters)"));
        }

        return WorkloadKeys.Of(Tenant, name);
    }

    /// <summary>Whether the object with this key is in the scope.</summary>
    public bool Sees(string key) => AllTenants || WorkloadKeys.TenantOf(key) == Tenant;
}
