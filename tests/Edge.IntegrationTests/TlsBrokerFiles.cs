using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.IntegrationTests;

/// <summary>
/// What a TLS broker needs, made in the test: a CA, a server certificate for
/// 127.0.0.1 signed by it, and a Mosquitto password file with a password per
/// client (each also written to its own file, as the agent and controller read
/// them). <see cref="Create"/> with another name makes a second, unrelated CA.
/// </summary>
internal sealed class TlsBrokerFiles
{
    private TlsBrokerFiles(string dir) => Dir = dir;

    public string Dir { get; }

    public string CaFile => Path.Combine(Dir, "ca.pem");

    public string CertFile => Path.Combine(Dir, "server.pem");

    public string KeyFile => Path.Combine(Dir, "server.key");

    public string PasswordFile => Path.Combine(Dir, "passwd");

    /// <summary>The file holding <paramref name="user"/>'s password.</summary>
    public string PasswordOf(string user) => Path.Combine(Dir, user + ".pass");

    public static TlsBrokerFiles Create(string dir, params string[] users)
    {
        Directory.CreateDirectory(dir);
        var files = new TlsBrokerFiles(dir);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=edge test CA {Path.GetFileName(dir)}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));

        File.WriteAllText(files.CaFile, ca.ExportCertificatePem());
        File.WriteAllText(files.CertFile, server.ExportCertificatePem());
        File.WriteAllText(files.KeyFile, serverKey.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(files.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        foreach (var user in users)
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
            File.WriteAllText(files.PasswordOf(user), password + "\n");
            Run("/usr/bin/mosquitto_passwd", [.. File.Exists(files.PasswordFile) ? Array.Empty<string>() : ["-c"], "-b", files.PasswordFile, user, password]);
        }

        if (!OperatingSystem.IsWindows() && users.Length > 0)
        {
            File.SetUnixFileMode(files.PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return files;
    }

    private static void Run(string program, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit(10_000);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error}");
        }
    }
}
