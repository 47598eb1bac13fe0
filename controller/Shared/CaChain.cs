using System.Security.Cryptography.X509Certificates;

namespace Edge.Shared;

/// <summary>Whether a certificate was issued by one given CA, trusting that CA alone (never the system store).</summary>
internal static class CaChain
{
    public static bool Verify(X509Certificate2 certificate, X509Certificate2 ca, bool ignoreTime, out string error)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (ignoreTime)
        {
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        }

        if (chain.Build(certificate) && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span))
        {
            error = "";
            return true;
        }

        var reasons = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
        error = $"certificate '{certificate.Subject}' is not signed by the fleet CA '{ca.Subject}' ({string.Join("; ", reasons)})";
        return false;
    }
}
