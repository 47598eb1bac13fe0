using Edge.Ctl.Manifests;
using Edge.Ctl.Tests.Support;

namespace Edge.Ctl.Tests.Manifests;

[TestFixture]
public sealed class ManifestLoaderTests
{
    private static readonly byte[] WasmBytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

    private static string Manifest(string module) => $"""
        apiVersion: edge/v1
        kind: Workload
        metadata:
          name: hello
        spec:
          module: {module}
        """;

    [Test]
    public async Task LoadAsync_ModuleBesideManifest_ResolvesRelativeToManifestNotWorkingDirectory()
    {
        using var dir = new TempDirectory();
        var modulePath = dir.Write("deploy/modules/hello.wasm", WasmBytes);
        var manifestPath = dir.Write("deploy/hello.yaml", Manifest("modules/hello.wasm"));

        var result = await ManifestLoader.LoadAsync(manifestPath, CancellationToken.None);

        Assert.That(result.Errors, Is.Empty);
        var loaded = result.Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(loaded.ModulePath, Is.EqualTo(modulePath));
            Assert.That(loaded.ModuleBytes.ToArray(), Is.EqualTo(WasmBytes));
        });
    }

    [Test]
    public async Task LoadAsync_MissingModuleFile_ErrorNamesFileFieldAndLine()
    {
        using var dir = new TempDirectory();
        var manifestPath = dir.Write("hello.yaml", Manifest("missing.wat"));

        var result = await ManifestLoader.LoadAsync(manifestPath, CancellationToken.None);

        Assert.That(result.Errors.Single().ToString(), Does.StartWith($"{manifestPath}:6:11: spec.module: module file \"missing.wat\" not found"));
    }

    [Test]
    public async Task LoadAsync_WasmWithoutMagicHeader_ReportsNotWebAssembly()
    {
        using var dir = new TempDirectory();
        dir.Write("hello.wasm", "(module)");
        var manifestPath = dir.Write("hello.yaml", Manifest("hello.wasm"));

        var result = await ManifestLoader.LoadAsync(manifestPath, CancellationToken.None);

        Assert.That(result.Errors.Single().Problem, Does.Contain("is not a WebAssembly binary"));
    }

    [Test]
    public async Task LoadAsync_EmptyModule_ReportsEmpty()
    {
        using var dir = new TempDirectory();
        dir.Write("hello.wat", string.Empty);
        var manifestPath = dir.Write("hello.yaml", Manifest("hello.wat"));

        var result = await ManifestLoader.LoadAsync(manifestPath, CancellationToken.None);

        Assert.That(result.Errors.Single().Problem, Is.EqualTo("module file \"hello.wat\" is empty"));
    }

    [Test]
    public async Task LoadAsync_MissingManifest_ReportsFileNotFound()
    {
        using var dir = new TempDirectory();
        var manifestPath = Path.Combine(dir.Path, "nope.yaml");

        var result = await ManifestLoader.LoadAsync(manifestPath, CancellationToken.None);

        Assert.That(result.Errors.Single().ToString(), Is.EqualTo($"{manifestPath}: file not found"));
    }

    [Test]
    public async Task LoadAsync_InvalidManifest_DoesNotReadModules()
    {
        using var dir = new TempDirectory();
        var manifestPath = dir.Write("hello.yaml", Manifest("missing.wat").Replace("edge/v1", "edge/v9", StringComparison.Ordinal));

        var result = await ManifestLoader.LoadAsync(manifestPath, CancellationToken.None);

        Assert.That(result.Errors.Select(e => e.Field), Is.EqualTo((string[])["apiVersion"]));
    }
}
