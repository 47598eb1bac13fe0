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

    /// <summary>Null = never expires.</summary>
    public DateTime? ExpiresAt { get; set; }
}
