namespace Edge.Controller.Identity;

/// <summary>An admin API bearer token as stored: the secret only as a hash.</summary>
public sealed class AdminTokenRecord
{
    public string Id { get; set; } = "";

    public string SecretHash { get; set; } = "";

    public string Role { get; set; } = "";

    public string Tenant { get; set; } = "";

    public string Description { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>Null only on tokens stored before every token had one: they expire at CreatedAt + the default ttl.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>When an admin revoked it; null = not revoked. Stored, so revocation survives restarts.</summary>
    public DateTime? RevokedAt { get; set; }
}
