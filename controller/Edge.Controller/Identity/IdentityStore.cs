using Edge.Controller.Store;
using Edge.Shared;
using LiteDB;

namespace Edge.Controller.Identity;

/// <summary>
/// Tokens, issued certificates and admin tokens in DataDir/identity.db, apart
/// from the fleet store so each LiteDB file keeps its single writer. Callers
/// serialise writes (<see cref="NodeIdentityService"/> holds one lock).
/// </summary>
internal sealed class IdentityStore : IDisposable
{
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<EnrollmentTokenRecord> _tokens;
    private readonly ILiteCollection<IssuedCertificateRecord> _certificates;
    private readonly ILiteCollection<AdminTokenRecord> _adminTokens;

    public IdentityStore(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            _db = LiteDbFile.Open(path);
            _tokens = _db.GetCollection<EnrollmentTokenRecord>("enrollment_tokens");
            _certificates = _db.GetCollection<IssuedCertificateRecord>("certificates");
            _certificates.EnsureIndex(c => c.Node);
            _adminTokens = _db.GetCollection<AdminTokenRecord>("admin_tokens");
        }
        catch (Exception ex) when (LiteDbFile.IsCorruption(ex))
        {
            // Revocations and admin tokens exist nowhere else: starting without them would let revoked nodes back in.
            throw new FleetStoreException(
                $"identity store {path} is damaged ({ex.Message}); refusing to start without its certificate revocations and tokens. "
                + "Restore it from a backup; moving it aside starts with no revocations and no admin tokens (re-issue them, revoke lost nodes again)",
                ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new FleetStoreException($"identity store {path} cannot be opened: {ex.Message}", ex);
        }
    }

    public EnrollmentTokenRecord? FindToken(string id) => _tokens.FindById(id);

    public void SaveToken(EnrollmentTokenRecord token) => _tokens.Upsert(token);

    public void DeleteToken(string id) => _tokens.Delete(id);

    public void SaveCertificate(IssuedCertificateRecord certificate) => _certificates.Upsert(certificate);

    public IssuedCertificateRecord? FindCertificate(string serial) => _certificates.FindById(serial);

    public IReadOnlyList<IssuedCertificateRecord> CertificatesOf(string node) => [.. _certificates.Find(c => c.Node == node)];

    public IReadOnlyList<IssuedCertificateRecord> RevokedCertificates() => [.. _certificates.Find(c => c.RevokedAt != null)];

    public AdminTokenRecord? FindAdminToken(string id) => _adminTokens.FindById(id);

    public void SaveAdminToken(AdminTokenRecord token) => _adminTokens.Upsert(token);

    public int AdminTokenCount() => _adminTokens.Count();

    public IReadOnlyList<AdminTokenRecord> LoadAdminTokens() => [.. _adminTokens.FindAll()];

    public void Dispose() => _db.Dispose();
}
