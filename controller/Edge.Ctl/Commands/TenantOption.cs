using System.CommandLine;

namespace Edge.Ctl.Commands;

/// <summary>
/// <c>--tenant/-t</c> and <c>--all-tenants/-A</c>, as kubectl's <c>-n</c> and <c>-A</c>: workloads and
/// autoscalers are named within a tenant. Unset, the request carries no tenant and the controller
/// takes the context's (its x-edge-tenant header), else the caller's own for a tenant-admin token,
/// else "default".
/// </summary>
internal static class TenantOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--tenant", "-t")
        {
            Description = "The tenant the name is in (default: the context's tenant; else a tenant-admin's own, or \"default\").",
            HelpName = "TENANT",
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } t && !Scheduling.Names.IsDnsLabel(t))
            {
                r.AddError($"--tenant '{t}' is not a tenant name: 1 to 63 lowercase letters, digits or '-' (RFC 1123 label)");
            }
        });
        return option;
    }

    public static Option<bool> CreateAll() => new("--all-tenants", "-A")
    {
        Description = "List every tenant's, with a TENANT column (a tenant-admin still sees only its own).",
    };

    /// <summary>The tenant to put in a request: the flag's, else empty (the controller decides).</summary>
    public static string Get(ParseResult parseResult, Option<string?> option)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return parseResult.GetValue(option) ?? "";
    }
}
