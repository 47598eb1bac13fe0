using Edge.Shared;

namespace Edge.Controller.Tests.Identity;

public sealed class EnrollmentTokenTests
{
    private static readonly string Hash = new string('0', 63) + "f";

    [Test]
    public void TryParse_CreatedToken_RoundTrips()
    {
        var token = EnrollmentToken.Create(Hash);

        var ok = EnrollmentToken.TryParse(token.ToString(), out var parsed, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True, error);
            Assert.That(parsed, Is.EqualTo(token));
            Assert.That(token.ToString(), Does.StartWith("K10" + Hash + "::"));
        });
    }

    [TestCase("", "does not start with K10")]
    [TestCase("K10abc::abcdef.0123456789abcdef", "not 64 lowercase hex")]
    [TestCase("K100000000000000000000000000000000000000000000000000000000000000000abcdef.0123456789abcdef", "no '::'")]
    [TestCase("K10000000000000000000000000000000000000000000000000000000000000000F::abcdef.0123456789abcdef", "not 64 lowercase hex")]
    [TestCase("K100000000000000000000000000000000000000000000000000000000000000000::abcdef", "credentials are not")]
    [TestCase("K100000000000000000000000000000000000000000000000000000000000000000::ABCDEF.0123456789abcdef", "credentials are not")]
    [TestCase("K100000000000000000000000000000000000000000000000000000000000000000::abcdef.short", "credentials are not")]
    public void TryParse_Malformed_FalseNamingTheProblem(string text, string named)
    {
        var ok = EnrollmentToken.TryParse(text, out _, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Does.Contain(named));
            Assert.That(error, Does.Not.Contain("0123456789abcdef"), "the error never echoes the secret");
        });
    }

    [Test]
    public void HashSecret_KnownVector_Sha256Hex_DifferentSecret_DifferentHash()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EnrollmentToken.HashSecret("abc"), Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
            Assert.That(EnrollmentToken.HashSecret("abd"), Is.Not.EqualTo(EnrollmentToken.HashSecret("abc")));
        });
    }
}
