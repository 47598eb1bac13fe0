using Edge.Agent.Core;
using Edge.Agent.State;
using Edge.Agent.Tests.Support;

namespace Edge.Agent.Tests.State;

public sealed class ModuleCacheTests
{
    private TempDirectory _dir = null!;
    private ModuleCache _cache = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDirectory();
        _cache = new ModuleCache(_dir.Path);
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void PathOf_Digest_IsFileNameSafeUnderModules()
    {
        var digest = TestModules.DigestOf(TestModules.Bytes("web"));

        var path = _cache.PathOf(digest);

        Assert.That(path, Is.EqualTo(Path.Combine(_dir.Path, "modules", ModuleDigest.ToFileName(digest) + ".wasm")));
        Assert.That(Path.GetFileName(path), Does.Not.Contain(":"));
    }

    [Test]
    public async Task StoreAsync_RightDigest_WritesFileAtPathOf()
    {
        var module = TestModules.Bytes("web");
        var digest = TestModules.DigestOf(module);

        var path = await _cache.StoreAsync(digest, module, CancellationToken.None);

        Assert.That(path, Is.EqualTo(_cache.PathOf(digest)));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(module));
        Assert.That(_cache.HasValid(digest), Is.True);
    }

    [Test]
    public async Task StoreAsync_Succeeded_LeavesNoTempFile()
    {
        var module = TestModules.Bytes("web");

        await _cache.StoreAsync(TestModules.DigestOf(module), module, CancellationToken.None);

        Assert.That(_dir.Files(), Has.None.EndsWith(".tmp"));
        Assert.That(_dir.Files(), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task StoreAsync_SameModuleTwice_KeepsOneFile()
    {
        var module = TestModules.Bytes("web");
        var digest = TestModules.DigestOf(module);
        await _cache.StoreAsync(digest, module, CancellationToken.None);

        await _cache.StoreAsync(digest, module, CancellationToken.None);

        Assert.That(_dir.Files(), Is.EqualTo(new[] { Path.Combine("modules", ModuleDigest.ToFileName(digest) + ".wasm") }));
    }

    [Test]
    public void StoreAsync_WrongDigest_ThrowsNamingBothAndWritesNothing()
    {
        var expected = TestModules.DigestOf(TestModules.Bytes("wanted"));
        var served = TestModules.Bytes("something else");

        var ex = Assert.ThrowsAsync<InvalidDataException>(() => _cache.StoreAsync(expected, served, CancellationToken.None));

        Assert.That(ex.Message, Does.Contain(expected));
        Assert.That(ex.Message, Does.Contain(TestModules.DigestOf(served)));
        Assert.That(_dir.Files(), Is.Empty);
        Assert.That(_cache.HasValid(expected), Is.False);
    }

    [Test]
    public void HasValid_Missing_IsFalse()
    {
        var valid = _cache.HasValid(TestModules.DigestOf(TestModules.Bytes("never stored")));

        Assert.That(valid, Is.False);
    }

    [Test]
    public async Task HasValid_TamperedOnDisk_IsFalseAndDeletesIt()
    {
        var module = TestModules.Bytes("web");
        var digest = TestModules.DigestOf(module);
        var path = await _cache.StoreAsync(digest, module, CancellationToken.None);
        var tampered = (byte[])module.Clone();
        tampered[^2] ^= 0xFF;
        File.WriteAllBytes(path, tampered);

        var valid = _cache.HasValid(digest);

        Assert.That(valid, Is.False);
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public async Task HasValid_Truncated_IsFalse()
    {
        var module = TestModules.Bytes("web");
        var digest = TestModules.DigestOf(module);
        var path = await _cache.StoreAsync(digest, module, CancellationToken.None);
        File.WriteAllBytes(path, module[..^1]);

        Assert.That(_cache.HasValid(digest), Is.False);
    }

    [Test]
    public async Task StoreAsync_AfterTamperedDeleted_StoresAgain()
    {
        var module = TestModules.Bytes("web");
        var digest = TestModules.DigestOf(module);
        var path = await _cache.StoreAsync(digest, module, CancellationToken.None);
        File.WriteAllBytes(path, [1, 2, 3]);
        _ = _cache.HasValid(digest);

        await _cache.StoreAsync(digest, module, CancellationToken.None);

        Assert.That(_cache.HasValid(digest), Is.True);
    }

    [Test]
    public void Constructor_NewDataDir_CreatesModulesDirectory()
    {
        var dataDir = Path.Combine(_dir.Path, "fresh");

        var cache = new ModuleCache(dataDir);

        Assert.That(Directory.Exists(cache.Directory), Is.True);
        Assert.That(cache.Directory, Is.EqualTo(Path.Combine(dataDir, "modules")));
    }
}
