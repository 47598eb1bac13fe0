namespace Edge.Scheduling;

/// <summary>
/// A workload (or autoscaler) is identified by its tenant and its name, as a Kubernetes object by
/// its namespace and name. Inside the controller and on the agent wire the pair is one string, the
/// key: the default tenant's objects keep their bare name ("hello", so /w/hello and every existing
/// manifest stay as they were); another tenant's are "NAME.TENANT" ("web.acme", served at /w/web.acme).
/// Names and tenants are DNS labels (<see cref="Names.IsDnsLabel"/>), which never hold a '.', so
/// a key splits one way only and no default-tenant name can equal another tenant's key.
/// </summary>
public static class WorkloadKeys
{
    public const string DefaultTenant = "default";

    public const char Separator = '.';

    /// <summary>The key of <paramref name="name"/> in <paramref name="tenant"/> (empty = the default tenant).</summary>
    public static string Of(string tenant, string name)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(name);
        return tenant.Length == 0 || tenant == DefaultTenant ? name : name + Separator + tenant;
    }

    /// <summary>The tenant a key belongs to.</summary>
    public static string TenantOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var dot = key.IndexOf(Separator, StringComparison.Ordinal);
        return dot < 0 ? DefaultTenant : key[(dot + 1)..];
    }

    /// <summary>The name within its tenant.</summary>
    public static string NameOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var dot = key.IndexOf(Separator, StringComparison.Ordinal);
        return dot < 0 ? key : key[..dot];
    }

    /// <summary>Whether the key names an object of another tenant than the default one.</summary>
    public static bool IsQualified(string key) => key.Contains(Separator, StringComparison.Ordinal);

    /// <summary>A key as a valid pair: a DNS-label name alone, or NAME.TENANT with a DNS-label tenant other than "default".</summary>
    public static bool IsValid(string? key)
    {
        if (key is null)
        {
            return false;
        }

        var dot = key.IndexOf(Separator, StringComparison.Ordinal);
        return dot < 0
            ? Names.IsDnsLabel(key)
            : Names.IsDnsLabel(key[..dot]) && Names.IsDnsLabel(key[(dot + 1)..]) && key[(dot + 1)..] != DefaultTenant;
    }

    /// <summary>For messages: "\"hello\"" in the default tenant, "\"web\" in tenant \"acme\"" elsewhere.</summary>
    public static string Describe(string key) =>
        IsQualified(key) ? $"\"{NameOf(key)}\" in tenant \"{TenantOf(key)}\"" : $"\"{key}\"";
}
