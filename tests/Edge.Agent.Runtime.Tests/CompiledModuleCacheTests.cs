using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

public sealed class CompiledModuleCacheTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("edge-compiled-tests-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task StartAsync_WithCacheDirectory_WritesOneCompiledFilePerDigest()
    {
        using var h = new RuntimeHarness(new WasmRuntimeOptions { CompiledCacheDirectory = _dir });

        await h.StartTriggeredAsync("a", TestModules.Print("a\n"));

        var files = Directory.GetFiles(_dir);
        Assert.That(files, Has.Length.EqualTo(1));
        Assert.That(Path.GetFileName(files[0]), Does.StartWith("sha256-").And.EndWith(".cwasm"));
    }

    [Test]
    public async Task StartAsync_CachedFileFromEarlierRuntime_IsUsedWithoutComplaint()
    {
        using (var first = new RuntimeHarness(new WasmRuntimeOptions { CompiledCacheDirectory = _dir }))
        {
            await first.StartTriggeredAsync("a", TestModules.Print("a\n"));
        }

        using var second = new RuntimeHarness(new WasmRuntimeOptions { CompiledCacheDirectory = _dir });
        var written = File.GetLastWriteTimeUtc(Directory.GetFiles(_dir).Single());
        await second.StartTriggeredAsync("a", TestModules.Print("a\n"));
        var result = await second.InvokeAsync("a");

        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(File.GetLastWriteTimeUtc(Directory.GetFiles(_dir).Single()), Is.EqualTo(written), "the cached file was compiled again");
        Assert.That(second.Logger.Entries.Any(e => e.EventId.Id == 2510), Is.False);
    }

    [Test]
    public async Task StartAsync_CorruptCachedFile_IsRecompiledAndTheWorkloadRuns()
    {
        using (var first = new RuntimeHarness(new WasmRuntimeOptions { CompiledCacheDirectory = _dir }))
        {
            await first.StartTriggeredAsync("a", TestModules.Print("a\n"));
        }

        var file = Directory.GetFiles(_dir).Single();
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0xff;
        File.WriteAllBytes(file, bytes);

        using var second = new RuntimeHarness(new WasmRuntimeOptions { CompiledCacheDirectory = _dir });
        await second.StartTriggeredAsync("a", TestModules.Print("a\n"));
        var result = await second.InvokeAsync("a");

        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(second.Logger.Entries.Single(e => e.EventId.Id == 2510).Message, Does.Contain("is damaged (checksum mismatch); compiling instead"));
        Assert.That(File.ReadAllBytes(file), Is.Not.EqualTo(bytes), "the damaged file was not replaced");
    }

    [Test]
    public async Task StartAsync_FileFromOtherEngineSettings_IsRecompiledNotFatal()
    {
        string foreign;
        using (var noFuel = new RuntimeHarness(new WasmRuntimeOptions { CompiledCacheDirectory = _dir, EnableFuel = false }))
        {
            await noFuel.StartTriggeredAsync("a", TestModules.Print("a\n"));
            foreign = Directory.GetFiles(_dir).Single();
        }

        // The same digest under the fuel engine's key: a well-formed file Wasmtime must refuse.
        var digest = ModuleDigest.Of(System.Text.Encoding.UTF8.GetBytes(TestModules.Print("a\n")));
        var cache = new CompiledModuleCache(_dir, CompiledModuleCache.EngineKey(fuel: true));
        File.Move(foreign, cache.PathOf(digest));

        using var withFuel = new RuntimeHarness(new WasmRuntimeOptions { CompiledCacheDirectory = _dir });
        await withFuel.StartTriggeredAsync("a", TestModules.Print("a\n"));

        Assert.That(withFuel.Logger.Entries.Single(e => e.EventId.Id == 2510).Message, Does.Contain("is not loadable by this engine"));
        Assert.That((await withFuel.InvokeAsync("a")).Succeeded, Is.True);
    }

    [Test]
    public async Task CollectUnused_StoppedWorkload_RemovesItsCompiledFileOnly()
    {
        using var h = new RuntimeHarness(new WasmRuntimeOptions { CompiledCacheDirectory = _dir });
        await h.StartTriggeredAsync("keep", TestModules.Print("keep\n"));
        await h.StartTriggeredAsync("drop", TestModules.Print("drop\n"));
        await h.Runtime.StopAsync("drop", CancellationToken.None);

        var removed = h.Runtime.CollectUnused(new HashSet<string>());

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(Directory.GetFiles(_dir), Has.Length.EqualTo(1));
        Assert.That((await h.InvokeAsync("keep")).Succeeded, Is.True);
    }
}
