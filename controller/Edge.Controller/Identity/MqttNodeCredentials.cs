using System.Security.Cryptography;
using System.Text;
using Edge.Shared;

namespace Edge.Controller.Identity;

/// <summary>
/// Per-node broker passwords: HMAC-SHA256 of the node name under a key kept in
/// DataDir/pki/mqtt.key (0600), so nothing per node needs storing and a
/// restart gives the same passwords.
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

    public string PasswordFor(string nodeName) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(nodeName))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public bool Check(string nodeName, string password) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(PasswordFor(nodeName)), Encoding.UTF8.GetBytes(password));
}
