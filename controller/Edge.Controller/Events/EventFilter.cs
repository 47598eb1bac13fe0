namespace Edge.Controller.Events;

/// <summary>
/// Which events a list or a watch returns. Tenancy first: <see cref="AllTenants"/> sees every
/// event; otherwise events of <see cref="Tenant"/>, plus fleet-wide ones (nodes, node groups)
/// when <see cref="FleetWide"/>, which a tenant-admin never has.
/// </summary>
internal sealed record EventFilter
{
    public string Tenant { get; init; } = "";

    public bool AllTenants { get; init; }

    public bool FleetWide { get; init; }

    /// <summary>Null: any kind.</summary>
    public string? Kind { get; init; }

    /// <summary>Null: any name (with a kind: every object of that kind).</summary>
    public string? Name { get; init; }

    public EventType? Type { get; init; }

    public string? Reason { get; init; }

    /// <summary>Only events last seen at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    public bool Matches(FleetEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (AllTenants || e.Tenant == Tenant || (FleetWide && e.Tenant.Length == 0))
            && (Kind is null || e.Kind == Kind)
            && (Name is null || e.Name == Name)
            && (Type is null || e.Type == Type)
            && (Reason is null || e.Reason == Reason)
            && (Since is null || e.LastSeen >= Since);
    }
}
