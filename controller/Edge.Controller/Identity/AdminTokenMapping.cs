using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Controller.Identity;

/// <summary>Admin token records as the identity admin API lists them: everything but the secret's hash.</summary>
internal static class AdminTokenMapping
{
    public static AdminTokenInfo ToProto(this AdminTokenRecord record, DateTime expiresAt, bool expired)
    {
        ArgumentNullException.ThrowIfNull(record);
        var info = new AdminTokenInfo
        {
            Id = record.Id,
            Role = record.Role,
            Tenant = record.Tenant,
            Description = record.Description,
            CreatedAt = Utc(record.CreatedAt),
            ExpiresAt = Utc(expiresAt),
            Expired = expired,
        };
        if (record.RevokedAt is { } revoked)
        {
            info.RevokedAt = Utc(revoked);
        }

        return info;
    }

    /// <summary>A stored time (UTC, whatever kind LiteDB hands back) as a protobuf timestamp.</summary>
    public static Timestamp Utc(DateTime time) => Timestamp.FromDateTime(DateTime.SpecifyKind(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time, DateTimeKind.Utc));
}
