namespace Edge.Controller.Identity;

/// <summary>A bootstrap token as stored: its secret only as a hash.</summary>
public sealed class EnrollmentTokenRecord
{
    public string Id { get; set; } = "";

    public string SecretHash { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    /// <summary>Enrollments left; null = unlimited until it expires.</summary>
    public int? UsesLeft { get; set; }

    public Dictionary<string, string> Labels { get; set; } = [];

    public string Group { get; set; } = "";

    /// <summary>Set for a bundle's voucher: the only node name it enrolls.</summary>
    public string Node { get; set; } = "";
}
