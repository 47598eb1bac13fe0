using System.Security.Cryptography.X509Certificates;
using Edge.Agent.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Enrollment;

/// <summary>The running agent's certificate: loaded at start when the node is enrolled, replaced on renewal.</summary>
internal sealed class NodeIdentity : IDisposable
{
    private X509Certificate2? _certificate;

    public NodeIdentity(IOptions<AgentOptions> options)
    {
        Files = new NodeIdentityFiles(options.Value.DataDir);
        if (File.Exists(Files.CaPath))
        {
            // A node enrolled from a bundle has the CA and a voucher, and its certificate only after first contact.
            Ca = Files.LoadCa();
            _certificate = Files.Enrolled ? Files.LoadCertificate() : null;
        }
    }

    public NodeIdentityFiles Files { get; }

    /// <summary>The fleet CA, or null when the node is not enrolled (dev mode).</summary>
    public X509Certificate2? Ca { get; }

    public X509Certificate2? Certificate => Volatile.Read(ref _certificate);

    public bool Enrolled => Ca is not null;

    public void Replace(X509Certificate2 certificate) => Interlocked.Exchange(ref _certificate, certificate);

    public void Dispose()
    {
        _certificate?.Dispose();
        Ca?.Dispose();
    }
}
