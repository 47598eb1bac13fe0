using Edge.Controller.Events;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Edge.Controller.Grpc;

/// <summary>Events to and from the admin API: the filter a request asks for (checked), and the event as sent.</summary>
internal static class EventMapping
{
    /// <summary>Most events one ListEvents answers (20,000 events would pass the client's 4 MB message limit).</summary>
    public const int MaxLimit = 10_000;

    public const int DefaultLimit = 1_000;

    public static Event ToProto(this FleetEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new Event
        {
            Kind = e.Kind,
            Name = e.Name,
            Tenant = e.Tenant,
            Type = e.Type.ToString(),
            Reason = e.Reason,
            Message = e.Message,
            Count = e.Count,
            FirstSeen = Timestamp.FromDateTimeOffset(e.FirstSeen),
            LastSeen = Timestamp.FromDateTimeOffset(e.LastSeen),
            Sequence = e.Sequence,
            Source = e.Source,
        };
    }

    /// <summary>
    /// The filter of a list or watch in the caller's scope: a tenant-admin sees its own tenant's
    /// events only; others see the tenant's and, in the default tenant or for a fleet-wide kind
    /// (nodes, node groups, identity), the fleet's; -A sees all. Bad fields are refused by name.
    /// </summary>
    public static EventFilter ToFilter(TenantScope scope, string kind, string name, string type, string reason, DateTimeOffset? since)
    {
        ArgumentNullException.ThrowIfNull(scope);
        string? parsedKind = null;
        if (kind.Length > 0)
        {
            parsedKind = EventKinds.Parse(kind) ?? throw Invalid($"kind '{kind}' is not one of {string.Join(", ", EventKinds.All)}");
        }

        if (name.Length > 0 && parsedKind is null)
        {
            throw Invalid($"name '{name}' needs a kind (e.g. kind Workload, as edgectl's --for workload/{name})");
        }

        if (name.Length > 253 || name.Any(char.IsControl))
        {
            throw Invalid("name is not an object name: at most 253 characters, no control characters");
        }

        EventType? parsedType = null;
        if (type.Length > 0)
        {
            parsedType = System.Enum.TryParse<EventType>(type, ignoreCase: true, out var t) && System.Enum.IsDefined(t) && !int.TryParse(type, out _)
                ? t
                : throw Invalid($"type '{type}' is not Normal or Warning");
        }

        if (reason.Length > 128 || reason.Any(char.IsControl))
        {
            throw Invalid("reason is not an event reason: at most 128 characters, no control characters");
        }

        var fleetKind = parsedKind is EventKinds.Node or EventKinds.NodeGroup or EventKinds.Identity;
        return new EventFilter
        {
            Tenant = scope.Tenant,
            AllTenants = scope.AllTenants,
            FleetWide = !scope.Restricted && (fleetKind || scope.Tenant == Edge.Scheduling.WorkloadKeys.DefaultTenant),
            Kind = parsedKind,
            Name = name.Length > 0 ? name : null,
            Type = parsedType,
            Reason = reason.Length > 0 ? reason : null,
            Since = since,
        };
    }

    public static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
