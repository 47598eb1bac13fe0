using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

public sealed class ModuleDigestTests
{
    [Test]
    public void Of_KnownContent_IsLowercaseSha256WithPrefix() =>
        // FIPS 180-2 test vector for "abc".
        Assert.That(
            ModuleDigest.Of("abc"u8),
            Is.EqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));

    [Test]
    public void Of_AnyContent_IsValid() =>
        Assert.That(ModuleDigest.IsValid(ModuleDigest.Of([1, 2, 3])), Is.True);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("sha256:")]
    [TestCase("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]
    [TestCase("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0")]
    [TestCase("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    [TestCase("sha256:ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [TestCase("sha512:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [TestCase("SHA256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [TestCase("sha256-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void IsValid_Malformed_IsFalse(string? digest) =>
        Assert.That(ModuleDigest.IsValid(digest), Is.False);

    [Test]
    public void IsValid_Canonical_IsTrue() =>
        Assert.That(ModuleDigest.IsValid("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), Is.True);

    [Test]
    public void ToFileName_Digest_ReplacesTheColon()
    {
        var name = ModuleDigest.ToFileName("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

        Assert.That(name, Is.EqualTo("sha256-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        Assert.That(name.IndexOfAny(Path.GetInvalidFileNameChars()), Is.EqualTo(-1));
    }
}
