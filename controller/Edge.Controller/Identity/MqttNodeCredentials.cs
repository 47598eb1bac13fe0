using System.Security.Cryptography;
using System.Text;
using Edge.Shared;

namespace Edge.Controller.Identity;

/// <summary>
/// Per-certificate broker passwords: HMAC-SHA256 of the certificate's serial
/// number under a key kept in DataDir/pki/mqtt.key (0600). Nothing per node
/// is stored and a restart gives the same passwords; a renewal (new serial)
/// gives a new one, and a name enrolled again never gets an old one back.
/// </summary>
internal sealed class MqttNodeCredentials
{
    private readonly byte[] _key;

    public MqttNodeCredentials(string dataDir)
    {
        var path = Path.Combine(dataDir, "pki", "mqtt.key");
        if (File.Exists(path))
        {
            _key = Convert.FromHexString(File.ReadAllText(path).Trim());
        }
        else
        {
            _key = RandomNumberGenerator.GetBytes(32);
            PrivateFile.Write(path, Convert.ToHexStringLower(_key));
        }
    }

    /// <summary>The password of the certificate with this serial (uppercase hex, as X509Certificate2.SerialNumber).</summary>
    public string PasswordFor(string serial) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("edge-mqtt-certificate:" + serial))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public bool Check(string serial, string password) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(PasswordFor(serial)), Encoding.UTF8.GetBytes(password));
}
