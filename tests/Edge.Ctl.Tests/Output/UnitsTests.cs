using Edge.Ctl.Output;
using Edge.Ctl.Tests.Support;

namespace Edge.Ctl.Tests.Output;

[TestFixture]
public sealed class UnitsTests
{
    [TestCase(0L, "0B")]
    [TestCase(1023L, "1023B")]
    [TestCase(1536L, "1.5Ki")]
    [TestCase(536_870_912L, "512Mi")]
    [TestCase(8_160_000_000L, "7.6Gi")]
    [TestCase(137_438_953_472L, "128Gi")]
    public void Bytes_Value_UsesBinaryUnits(long bytes, string expected) =>
        Assert.That(Units.Bytes(bytes), Is.EqualTo(expected));

    [TestCase(4000, "4")]
    [TestCase(1500, "1500m")]
    [TestCase(0, "0")]
    public void Cpu_Millicores_UsesKubernetesQuantity(int millicores, string expected) =>
        Assert.That(Units.Cpu(millicores), Is.EqualTo(expected));

    [TestCase(-5, "0s")]
    [TestCase(3, "3s")]
    [TestCase(119, "119s")]
    [TestCase(205, "3m25s")]
    [TestCase(300, "5m")]
    [TestCase(3600, "60m")]
    [TestCase(5 * 3600 + 12 * 60, "5h12m")]
    [TestCase(30 * 3600, "30h")]
    [TestCase(3 * 86400 + 4 * 3600, "3d4h")]
    [TestCase(400 * 86400, "400d")]
    [TestCase(3 * 365 * 86400 + 10 * 86400, "3y10d")]
    public void HumanDuration_Seconds_MatchesKubectl(int seconds, string expected) =>
        Assert.That(Units.HumanDuration(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public void Ago_Timestamp_AppendsAgo() =>
        Assert.That(Units.Ago(TestNodes.At(TimeSpan.FromSeconds(-3)), TestNodes.Now), Is.EqualTo("3s ago"));

    [Test]
    public void Ago_NoTimestamp_SaysNever() =>
        Assert.That(Units.Ago(null, TestNodes.Now), Is.EqualTo("never"));

    [Test]
    public void Iso8601_Timestamp_IsUtcWithZ() =>
        Assert.That(Units.Iso8601(TestNodes.At(TimeSpan.FromMilliseconds(-500))), Is.EqualTo("2025-01-02T03:04:04.5Z"));

    [TestCase(TestNodes.Digest, "sha256:0123456789ab")]
    [TestCase("sha256:abc", "sha256:abc")]
    [TestCase("", "<none>")]
    public void ShortDigest_Digest_KeepsTwelveHexDigits(string digest, string expected) =>
        Assert.That(Units.ShortDigest(digest), Is.EqualTo(expected));

    [Test]
    public void Cell_MultilineText_BecomesOneLine() =>
        Assert.That(Units.Cell("trap: unreachable\nat func 3\t"), Is.EqualTo("trap: unreachable at func 3"));
}
