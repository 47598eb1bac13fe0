using System.Security.Cryptography;
using System.Text;
using Edge.Controller.Hosting;
using Edge.Shared;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Identity;

/// <summary>
/// Admin bearer tokens, "edge_&lt;id&gt;_&lt;secret&gt;", stored as hashes in the identity store. Every
/// token expires (Controller:Security:AdminTokenTtl when its creator gives no ttl) and can be revoked;
/// both are checked on every call against the store, so a revocation holds at once and after restarts.
/// </summary>
internal sealed class AdminTokens(IdentityStore store, TimeProvider time, IOptions<ControllerOptions> options)
{
    public const string Prefix = "edge_";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private readonly Lock _gate = new();

    public string Create(AdminRole role, string tenant, TimeSpan? ttl, string description, out AdminTokenRecord record)
    {
        if (role == AdminRole.TenantAdmin && tenant.Length == 0)
        {
            throw new IdentityException(IdentityFailure.InvalidArgument, "a tenant-admin token needs a tenant");
        }

        if (role != AdminRole.TenantAdmin && tenant.Length > 0)
        {
            throw new IdentityException(IdentityFailure.InvalidArgument, $"only tenant-admin tokens take a tenant, not {AdminRoleNames.Of(role)}");
        }

        if (ttl is { } t && t <= TimeSpan.Zero)
        {
            throw new IdentityException(IdentityFailure.InvalidArgument, $"token ttl {t} must be positive");
        }

        var id = RandomNumberGenerator.GetString(Alphabet, 6);
        var secret = RandomNumberGenerator.GetString(Alphabet, 32);
        var now = time.GetUtcNow().UtcDateTime;
        record = new AdminTokenRecord
        {
            Id = id,
            SecretHash = EnrollmentToken.HashSecret(secret),
            Role = AdminRoleNames.Of(role),
            Tenant = tenant,
            Description = description,
            CreatedAt = now,
            ExpiresAt = now + (ttl ?? DefaultTtl),
        };
        lock (_gate)
        {
            store.SaveAdminToken(record);
        }

        return $"{Prefix}{id}_{secret}";
    }

    private TimeSpan DefaultTtl => options.Value.Security.AdminTokenTtl;

    public bool Any() => store.AdminTokenCount() > 0;

    /// <summary>When a token stops working: its own expiry, or for one stored without, its creation plus the default ttl.</summary>
    public DateTime ExpiresAt(AdminTokenRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var expires = record.ExpiresAt ?? record.CreatedAt + DefaultTtl;

        // LiteDB hands stored times back as local time: compare them as UTC whatever the host's zone.
        return expires.Kind == DateTimeKind.Local ? expires.ToUniversalTime() : DateTime.SpecifyKind(expires, DateTimeKind.Utc);
    }

    public bool IsExpired(AdminTokenRecord record) => time.GetUtcNow().UtcDateTime >= ExpiresAt(record);

    /// <summary>Whether a fleet-admin token that still works (not expired, not revoked) exists.</summary>
    public bool AnyUsableFleetAdmin()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return store.LoadAdminTokens().Any(t => t.Role == AdminRoleNames.Of(AdminRole.FleetAdmin) && t.RevokedAt is null && ExpiresAt(t) > now);
    }

    /// <summary>Every token, oldest first; secrets are not stored, so none can be listed.</summary>
    public IReadOnlyList<AdminTokenRecord> List() => [.. store.LoadAdminTokens().OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)];

    /// <summary>
    /// Revokes a token for good. The last fleet-admin token that still works is kept, so a fleet
    /// cannot be locked out by mistake: create another first.
    /// </summary>
    public AdminTokenRecord Revoke(string id)
    {
        lock (_gate)
        {
            var record = store.FindAdminToken(id) ?? throw new IdentityException(IdentityFailure.NotFound, $"admin token \"{id}\" not found (edgectl token list shows the ids)");
            if (record.RevokedAt is not null)
            {
                return record;
            }

            var now = time.GetUtcNow().UtcDateTime;
            var fleetAdmin = AdminRoleNames.Of(AdminRole.FleetAdmin);
            if (record.Role == fleetAdmin && ExpiresAt(record) > now
                && !store.LoadAdminTokens().Any(t => t.Id != id && t.Role == fleetAdmin && t.RevokedAt is null && ExpiresAt(t) > now))
            {
                throw new IdentityException(IdentityFailure.FailedPrecondition,
                    $"admin token {id} is the last fleet-admin token that works; create another (edgectl token create-admin --role fleet-admin) before revoking it");
            }

            record.RevokedAt = now;
            store.SaveAdminToken(record);
            return record;
        }
    }

    /// <summary>The principal a bearer token stands for; the error says why it stands for none.</summary>
    public AdminPrincipal? Authenticate(string bearer, out string error)
    {
        var parts = bearer.StartsWith(Prefix, StringComparison.Ordinal) ? bearer[Prefix.Length..].Split('_') : [];
        var record = parts.Length == 2 ? store.FindAdminToken(parts[0]) : null;
        if (record is null || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(record.SecretHash), Encoding.ASCII.GetBytes(EnrollmentToken.HashSecret(parts[1]))))
        {
            error = "the bearer token is not a valid admin token of this controller";
            return null;
        }

        if (record.RevokedAt is { } revoked)
        {
            error = $"admin token {record.Id} was revoked at {revoked:u}";
            return null;
        }

        var expires = ExpiresAt(record);
        if (time.GetUtcNow().UtcDateTime >= expires)
        {
            error = $"admin token {record.Id} expired at {expires:u}";
            return null;
        }

        if (!AdminRoleNames.TryParse(record.Role, out var role))
        {
            error = $"admin token {record.Id} has an unknown role '{record.Role}'";
            return null;
        }

        error = "";
        return new AdminPrincipal(record.Id, role, record.Tenant);
    }
}
