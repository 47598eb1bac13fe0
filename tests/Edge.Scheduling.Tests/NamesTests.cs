using System.Text;
using Edge.Scheduling;

namespace Edge.Scheduling.Tests;

public sealed class NamesTests
{
    [TestCase("a")]
    [TestCase("0")]
    [TestCase("web")]
    [TestCase("edge-node-01")]
    [TestCase("a-b")]
    public void IsDnsLabel_ValidLabel_True(string name)
    {
        Assert.That(Names.IsDnsLabel(name), Is.True);
    }

    [Test]
    public void IsDnsLabel_SixtyThreeCharacters_True()
    {
        var name = new string('a', 63);

        Assert.That(Names.IsDnsLabel(name), Is.True);
    }

    [Test]
    public void IsDnsLabel_SixtyFourCharacters_False()
    {
        var name = new string('a', 64);

        Assert.That(Names.IsDnsLabel(name), Is.False);
    }

    [TestCase("", TestName = "IsDnsLabel_Empty_False")]
    [TestCase("Web", TestName = "IsDnsLabel_Uppercase_False")]
    [TestCase("-web", TestName = "IsDnsLabel_LeadingDash_False")]
    [TestCase("web-", TestName = "IsDnsLabel_TrailingDash_False")]
    [TestCase("-", TestName = "IsDnsLabel_OnlyDash_False")]
    [TestCase("web.example", TestName = "IsDnsLabel_Dot_False")]
    [TestCase("web_1", TestName = "IsDnsLabel_Underscore_False")]
    [TestCase("web 1", TestName = "IsDnsLabel_Space_False")]
    [TestCase("wéb", TestName = "IsDnsLabel_NonAscii_False")]
    public void IsDnsLabel_InvalidLabel_False(string name)
    {
        Assert.That(Names.IsDnsLabel(name), Is.False);
    }

    [Test]
    public void IsDnsLabel_Null_False()
    {
        Assert.That(Names.IsDnsLabel(null), Is.False);
    }

    [Test]
    public void IsModuleDigest_Sha256WithLowercaseHex_True()
    {
        var digest = "sha256:" + new string('0', 32) + new string('f', 32);

        Assert.That(Names.IsModuleDigest(digest), Is.True);
    }

    [TestCase(null, TestName = "IsModuleDigest_Null_False")]
    [TestCase("", TestName = "IsModuleDigest_Empty_False")]
    [TestCase("sha256:", TestName = "IsModuleDigest_NoHex_False")]
    [TestCase("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a", TestName = "IsModuleDigest_SixtyThreeHex_False")]
    [TestCase("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0", TestName = "IsModuleDigest_SixtyFiveHex_False")]
    [TestCase("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", TestName = "IsModuleDigest_UppercaseHex_False")]
    [TestCase("sha512:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TestName = "IsModuleDigest_OtherAlgorithm_False")]
    [TestCase("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TestName = "IsModuleDigest_NoPrefix_False")]
    [TestCase("sha256:za7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TestName = "IsModuleDigest_NonHexCharacter_False")]
    public void IsModuleDigest_Invalid_False(string? digest)
    {
        Assert.That(Names.IsModuleDigest(digest), Is.False);
    }

    [Test]
    public void DigestOf_Abc_KnownSha256Vector()
    {
        // FIPS 180-2, appendix B.1.
        var digest = Names.DigestOf(Encoding.ASCII.GetBytes("abc"));

        Assert.That(digest, Is.EqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    [Test]
    public void DigestOf_Empty_KnownSha256Vector()
    {
        var digest = Names.DigestOf([]);

        Assert.That(digest, Is.EqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    [Test]
    public void DigestOf_AnyContent_IsAModuleDigest()
    {
        var digest = Names.DigestOf([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

        Assert.That(Names.IsModuleDigest(digest), Is.True);
    }

    [Test]
    public void IsDnsLabel_TrailingNewline_False() => Assert.That(Names.IsDnsLabel("web\n"), Is.False);

    [Test]
    public void IsModuleDigest_TrailingNewline_False() =>
        Assert.That(Names.IsModuleDigest("sha256:" + new string('a', 64) + "\n"), Is.False);
}
