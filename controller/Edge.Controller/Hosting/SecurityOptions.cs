using System.ComponentModel.DataAnnotations;

namespace Edge.Controller.Hosting;

/// <summary>Settings under "Controller:Security": node identity, TLS and admin authentication.</summary>
internal sealed class SecurityOptions
{
    public const string Dev = "dev";
    public const string Mtls = "mtls";

    /// <summary>
    /// dev: plain h2c, any agent may claim any name, the admin API is open (local fleets, tests).
    /// mtls: TLS with the fleet CA, agents enrolled with tokens and known by their certificate,
    /// admin calls need a bearer token, per-node MQTT credentials.
    /// </summary>
    [Required]
    public string Mode { get; set; } = Dev;

    /// <summary>How long a node certificate is valid; agents renew at 2/3 of it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00", ErrorMessage = "Controller:Security:CertificateLifetime must be between 1 s and 3650 days")]
    public TimeSpan CertificateLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long after expiry a node may still renew by proving possession of its old key.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "Controller:Security:RenewalGrace must be between 0 and 3650 days")]
    public TimeSpan RenewalGrace { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long an admin token works when its creator gives no ttl, the bootstrap fleet-admin token
    /// included (and tokens stored before every token had an expiry: from their creation).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00", ErrorMessage = "Controller:Security:AdminTokenTtl must be between 1 min and 3650 days")]
    public TimeSpan AdminTokenTtl { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Extra DNS names or addresses for the controller's server certificate (comma-separated).</summary>
    public string ServerNames { get; set; } = "";

    public bool IsMtls => string.Equals(Mode, Mtls, StringComparison.Ordinal);
}
