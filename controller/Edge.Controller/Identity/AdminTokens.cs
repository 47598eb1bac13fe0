using System.Security.Cryptography;
using System.Text;
using Edge.Shared;

namespace Edge.Controller.Identity;

/// <summary>Admin bearer tokens, "edge_&lt;id&gt;_&lt;secret&gt;", stored as hashes in the identity store.</summary>
internal sealed class AdminTokens(IdentityStore store, TimeProvider time)
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
            ExpiresAt = ttl is { } life ? now + life : null,
        };
        lock (_gate)
        {
            store.SaveAdminToken(record);
        }

        return $"{Prefix}{id}_{secret}";
    }

    public bool Any() => store.AdminTokenCount() > 0;

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

        if (record.ExpiresAt is { } expires && time.GetUtcNow().UtcDateTime >= expires)
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
