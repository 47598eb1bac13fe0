namespace Edge.Controller.Identity;

/// <summary>A node certificate the CA signed, and whether it is revoked.</summary>
public sealed class IssuedCertificateRecord
{
    /// <summary>Serial number, uppercase hex as X509Certificate2.SerialNumber gives it.</summary>
    public string Id { get; set; } = "";

    public string Node { get; set; } = "";

    public DateTime NotAfter { get; set; }

    public DateTime IssuedAt { get; set; }

    /// <summary>How the node got it: token id, "renewal", "csr".</summary>
    public string Via { get; set; } = "";

    public DateTime? RevokedAt { get; set; }
}
