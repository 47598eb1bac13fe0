using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Controller.Hosting;
using Edge.Scheduling;
using Edge.Shared;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Identity;

/// <summary>
/// Enrollment, renewal, CSR signing and revocation of node certificates. One
/// lock serialises the writes (token use counts must not race).
/// </summary>
internal sealed class NodeIdentityService : INodeRevocation, IDisposable
{
    public const string GroupLabel = "edge.io/node-group";
    private readonly Lock _gate = new();
    private readonly IdentityStore _store;
    private readonly SecurityOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _watches = new(StringComparer.Ordinal);

    public NodeIdentityService(FleetCa ca, IdentityStore store, MqttNodeCredentials mqtt, IOptions<ControllerOptions> options, TimeProvider time)
    {
        Ca = ca;
        Mqtt = mqtt;
        _store = store;
        _options = options.Value.Security;
        _time = time;
        foreach (var revoked in store.RevokedCertificates())
        {
            _revoked[revoked.Id] = 0;
        }
    }

    public FleetCa Ca { get; }

    public MqttNodeCredentials Mqtt { get; }

    public string CreateToken(TimeSpan ttl, int uses, IReadOnlyDictionary<string, string> labels, string group, out EnrollmentTokenRecord record, string node = "")
    {
        if (ttl <= TimeSpan.Zero || ttl > TimeSpan.FromDays(365))
        {
            throw new IdentityException(IdentityFailure.InvalidArgument, $"token ttl {ttl} must be more than 0 and at most 365 days");
        }

        if (uses < 0)
        {
            throw new IdentityException(IdentityFailure.InvalidArgument, $"token uses {uses} must be 0 (unlimited) or more");
        }

        foreach (var (key, value) in labels)
        {
            if (!IsLabelPart(key, allowEmpty: false) || !IsLabelPart(value, allowEmpty: true))
            {
                throw new IdentityException(IdentityFailure.InvalidArgument, $"label {key}={value} is not a valid label");
            }
        }

        if (group.Length > 0 && !Names.IsDnsLabel(group))
        {
            throw new IdentityException(IdentityFailure.InvalidArgument, $"group '{group}' is not a DNS label");
        }

        var token = EnrollmentToken.Create(Ca.Hash);
        var now = _time.GetUtcNow().UtcDateTime;
        record = new EnrollmentTokenRecord
        {
            Id = token.Id,
            SecretHash = EnrollmentToken.HashSecret(token.Secret),
            CreatedAt = now,
            ExpiresAt = now + ttl,
            UsesLeft = uses == 0 ? null : uses,
            Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
            Group = group,
            Node = node,
        };
        lock (_gate)
        {
            _store.SaveToken(record);
        }

        return token.ToString();
    }

    /// <summary>Online enrollment: checks and spends one use of the token, then signs the CSR.</summary>
    public IssuedCredentials Enroll(string tokenText, byte[] csrDer)
    {
        if (!EnrollmentToken.TryParse(tokenText, out var token, out var error))
        {
            throw new IdentityException(IdentityFailure.InvalidArgument, error);
        }

        if (!string.Equals(token.CaHash, Ca.Hash, StringComparison.Ordinal))
        {
            throw new IdentityException(IdentityFailure.FailedPrecondition, $"the token pins CA sha256:{token.CaHash[..12]}…, but this controller's CA is sha256:{Ca.Hash[..12]}…: the token was made by another controller");
        }

        var (name, publicKey) = ReadCsr(csrDer);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var record = _store.FindToken(token.Id);
            if (record is null || !CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(record.SecretHash),
                    System.Text.Encoding.ASCII.GetBytes(EnrollmentToken.HashSecret(token.Secret))))
            {
                throw new IdentityException(IdentityFailure.Unauthenticated, $"token {token.Id} is not known to this controller (never made here, or its secret is wrong)");
            }

            if (now.UtcDateTime >= record.ExpiresAt)
            {
                throw new IdentityException(IdentityFailure.Unauthenticated, $"token {token.Id} expired at {Format(record.ExpiresAt)}; make a new one with: edgectl token create --ttl 1h");
            }

            if (record.Node.Length > 0 && record.UsesLeft is 0)
            {
                throw new IdentityException(IdentityFailure.Unauthenticated, $"voucher {token.Id} of the bundle for node {record.Node} was already redeemed: a bundle enrolls one device, once; make a new bundle (edgectl bundle create)");
            }

            if (record.Node.Length > 0 && !string.Equals(record.Node, name, StringComparison.Ordinal))
            {
                throw new IdentityException(IdentityFailure.PermissionDenied, $"voucher {token.Id} enrolls node {record.Node} only, not '{name}'");
            }

            if (record.UsesLeft is 0)
            {
                throw new IdentityException(IdentityFailure.Unauthenticated, $"token {token.Id} is used up (it allowed no more enrollments); make a new one with: edgectl token create");
            }

            ThrowIfEnrolled(name, now);
            if (record.UsesLeft is { } left)
            {
                record.UsesLeft = left - 1;
                _store.SaveToken(record);
            }

            var labels = new Dictionary<string, string>(record.Labels, StringComparer.Ordinal);
            if (record.Group.Length > 0)
            {
                labels[GroupLabel] = record.Group;
            }

            return Issue(name, publicKey, now, $"token {token.Id}", labels);
        }
    }

    /// <summary>Renewal over mTLS: the caller's certificate (maybe expired, within the grace) vouches for the CSR.</summary>
    public IssuedCredentials Renew(X509Certificate2? clientCertificate, byte[] csrDer)
    {
        var now = _time.GetUtcNow();
        var current = clientCertificate
            ?? throw new IdentityException(IdentityFailure.Unauthenticated, "renewal needs the node's current certificate as the TLS client certificate");
        var node = Authenticate(current, now, allowExpired: true);
        var (name, publicKey) = ReadCsr(csrDer);
        if (!string.Equals(name, node, StringComparison.Ordinal))
        {
            throw new IdentityException(IdentityFailure.PermissionDenied, $"node {node} may renew only its own certificate, not one for '{name}'");
        }

        lock (_gate)
        {
            return Issue(node, publicKey, now, "renewal", new Dictionary<string, string>());
        }
    }

    /// <summary>Air-gapped enrollment: an admin signs a CSR carried from the device.</summary>
    public IssuedCredentials SignCsr(byte[] csrDer)
    {
        var (name, publicKey) = ReadCsr(csrDer);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            ThrowIfEnrolled(name, now);
            return Issue(name, publicKey, now, "csr", new Dictionary<string, string>());
        }
    }

    /// <summary>
    /// Who a client certificate speaks for. The TLS layer already checked the
    /// CA; this checks revocation and expiry (with the renewal grace when asked).
    /// </summary>
    public string Authenticate(X509Certificate2 certificate, DateTimeOffset now, bool allowExpired)
    {
        if (!CaChain.Verify(certificate, Ca.Certificate, ignoreTime: true, out var chainError))
        {
            throw new IdentityException(IdentityFailure.Unauthenticated, chainError);
        }

        var node = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (_revoked.ContainsKey(certificate.SerialNumber))
        {
            throw new IdentityException(IdentityFailure.PermissionDenied, $"certificate {certificate.SerialNumber} of node {node} is revoked; the node must enroll again with a new token");
        }

        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (now > notAfter + (allowExpired ? _options.RenewalGrace : TimeSpan.Zero))
        {
            throw allowExpired
                ? new IdentityException(IdentityFailure.PermissionDenied, $"certificate of node {node} expired at {Format(notAfter.UtcDateTime)}, past the renewal grace of {_options.RenewalGrace}; enroll the node again with a new token (edgectl token create)")
                : new IdentityException(IdentityFailure.Unauthenticated, $"certificate of node {node} expired at {Format(notAfter.UtcDateTime)}; the agent must renew it (within {_options.RenewalGrace} of expiry) or enroll again");
        }

        return node;
    }

    public bool IsRevoked(string serial) => _revoked.ContainsKey(serial);

    /// <summary>Cancelled when the node is revoked, so its live stream ends at once.</summary>
    public CancellationToken RevocationOf(string nodeName) =>
        _watches.GetOrAdd(nodeName, _ => new CancellationTokenSource()).Token;

    public int Revoke(string nodeName)
    {
        var count = 0;
        lock (_gate)
        {
            var now = _time.GetUtcNow().UtcDateTime;
            foreach (var certificate in _store.CertificatesOf(nodeName).Where(c => c.RevokedAt is null))
            {
                certificate.RevokedAt = now;
                _store.SaveCertificate(certificate);
                _revoked[certificate.Id] = 0;
                count += certificate.NotAfter + _options.RenewalGrace > now ? 1 : 0;
            }
        }

        if (_watches.TryRemove(nodeName, out var watch))
        {
            watch.Cancel();
            watch.Dispose();
        }

        return count;
    }

    public bool HasActiveCertificate(string nodeName) => HasActiveCertificate(nodeName, _time.GetUtcNow());

    /// <summary>
    /// The serial of the node's certificate whose broker password this is: only the newest
    /// certificate that is neither revoked nor expired counts, so a renewal retires the old
    /// password and a revocation kills it. Null when it matches none.
    /// </summary>
    public string? CheckMqttPassword(string nodeName, string password)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var newest = _store.CertificatesOf(nodeName)
            .Where(c => c.RevokedAt is null && !_revoked.ContainsKey(c.Id) && c.NotAfter > now)
            .OrderByDescending(c => c.IssuedAt)
            .FirstOrDefault();
        return newest is not null && Mqtt.Check(newest.Id, password) ? newest.Id : null;
    }

    /// <summary>Whether the node holds a certificate that is neither revoked nor past the renewal grace.</summary>
    public bool HasActiveCertificate(string nodeName, DateTimeOffset now) =>
        _store.CertificatesOf(nodeName).Any(c => c.RevokedAt is null && c.NotAfter + _options.RenewalGrace > now.UtcDateTime);

    public void Dispose()
    {
        foreach (var watch in _watches.Values)
        {
            watch.Dispose();
        }
    }

    private void ThrowIfEnrolled(string name, DateTimeOffset now)
    {
        if (HasActiveCertificate(name, now))
        {
            throw new IdentityException(IdentityFailure.AlreadyExists, $"node {name} is already enrolled with a valid certificate; revoke it first (edgectl nodes revoke {name}) to enroll a new device under this name");
        }
    }

    private IssuedCredentials Issue(string name, PublicKey publicKey, DateTimeOffset now, string via, IReadOnlyDictionary<string, string> labels)
    {
        using var certificate = Ca.IssueNode(name, publicKey, now, _options.CertificateLifetime);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        _store.SaveCertificate(new IssuedCertificateRecord
        {
            Id = certificate.SerialNumber,
            Node = name,
            NotAfter = notAfter.UtcDateTime,
            IssuedAt = now.UtcDateTime,
            Via = via,
        });
        return new IssuedCredentials(name, certificate.ExportCertificatePem(), Ca.Pem, notAfter, labels, Mqtt.PasswordFor(certificate.SerialNumber));
    }

    private static (string Name, PublicKey Key) ReadCsr(byte[] der)
    {
        CertificateRequest request;
        try
        {
            request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (CryptographicException ex)
        {
            throw new IdentityException(IdentityFailure.InvalidArgument, $"the CSR is not a valid, self-signed PKCS#10 request: {ex.Message}");
        }

        if (request.PublicKey.Oid.Value != "1.2.840.10045.2.1")
        {
            throw new IdentityException(IdentityFailure.InvalidArgument, $"the CSR's key is {request.PublicKey.Oid.FriendlyName ?? request.PublicKey.Oid.Value}, not ECDSA");
        }

        var name = request.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == "2.5.4.3")
            .Select(r => r.GetSingleElementValue() ?? "")
            .FirstOrDefault() ?? "";
        if (!Names.IsDnsLabel(name))
        {
            throw new IdentityException(IdentityFailure.InvalidArgument, $"the CSR's subject CN '{name}' is not a node name (a DNS label: lowercase letters, digits and '-', 1-63 characters)");
        }

        return (name, request.PublicKey);
    }

    private static bool IsLabelPart(string text, bool allowEmpty) =>
        (allowEmpty || text.Length > 0) && text.Length <= 253
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/');

    private static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
