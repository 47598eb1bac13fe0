using System.Text;
using Edge.Controller.Fleet;

namespace Edge.Controller.Tests;

public sealed class ModuleCompilerTests
{
    private static readonly byte[] EmptyModuleBinary = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

    [Test]
    public void Compile_WatText_BinaryStartingWithWasmMagic()
    {
        using var compiler = new ModuleCompiler();

        var (wasm, error) = compiler.Compile(Encoding.UTF8.GetBytes("""
            (module
              (func (export "add") (param i32 i32) (result i32)
                local.get 0
                local.get 1
                i32.add))
            """));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(wasm, Is.Not.Null);
            Assert.That(wasm![..4], Is.EqualTo(new byte[] { 0x00, 0x61, 0x73, 0x6d }));
        });
    }

    [Test]
    public void Compile_EmptyWatModule_TheEmptyBinaryModule()
    {
        using var compiler = new ModuleCompiler();

        var (wasm, _) = compiler.Compile("(module)"u8);

        Assert.That(wasm, Is.EqualTo(EmptyModuleBinary));
    }

    [Test]
    public void Compile_ValidBinary_PassesThroughUnchanged()
    {
        using var compiler = new ModuleCompiler();
        var (binary, _) = compiler.Compile("(module (memory 1) (func (export \"_start\")))"u8);

        var (wasm, error) = compiler.Compile(binary);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(wasm, Is.EqualTo(binary));
        });
    }

    [Test]
    public void Compile_Empty_ErrorSaysEmpty()
    {
        using var compiler = new ModuleCompiler();

        var (wasm, error) = compiler.Compile([]);

        Assert.Multiple(() =>
        {
            Assert.That(wasm, Is.Null);
            Assert.That(error, Is.EqualTo("module is empty"));
        });
    }

    [Test]
    public void Compile_Garbage_ErrorSaysNeitherBinaryNorWat()
    {
        using var compiler = new ModuleCompiler();

        var (wasm, error) = compiler.Compile("hello, this is not a module"u8);

        Assert.Multiple(() =>
        {
            Assert.That(wasm, Is.Null);
            Assert.That(error, Does.StartWith("module is neither WebAssembly binary (no \\0asm header) nor valid WAT text: "));
        });
    }

    [Test]
    public void Compile_InvalidBinary_ErrorSaysNotValidWebAssembly()
    {
        using var compiler = new ModuleCompiler();
        byte[] truncated = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01];

        var (wasm, error) = compiler.Compile(truncated);

        Assert.Multiple(() =>
        {
            Assert.That(wasm, Is.Null);
            Assert.That(error, Does.StartWith("module is not valid WebAssembly: "));
        });
    }

    [Test]
    public void Compile_MagicWithWrongVersion_ErrorSaysNotValidWebAssembly()
    {
        using var compiler = new ModuleCompiler();

        var (wasm, error) = compiler.Compile([0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00]);

        Assert.Multiple(() =>
        {
            Assert.That(wasm, Is.Null);
            Assert.That(error, Does.StartWith("module is not valid WebAssembly: "));
        });
    }

    [Test]
    public void Compile_WatThatParsesButDoesNotTypeCheck_ErrorSaysNotValidWebAssembly()
    {
        using var compiler = new ModuleCompiler();

        var (wasm, error) = compiler.Compile("(module (func (result i32)))"u8);

        Assert.Multiple(() =>
        {
            Assert.That(wasm, Is.Null);
            Assert.That(error, Does.StartWith("module is not valid WebAssembly: "));
        });
    }

    [Test]
    public void Compile_MultiLineWasmtimeError_CutToFirstLineWithEllipsis()
    {
        using var compiler = new ModuleCompiler();

        var (_, error) = compiler.Compile("(module (func $f (unknown-instruction)))"u8);

        Assert.Multiple(() =>
        {
            Assert.That(error, Does.Not.Contain('\n'));
            Assert.That(error, Does.EndWith(" …"));
        });
    }

    [Test]
    public void Compile_OverSize_ErrorNamesSizeAndLimit()
    {
        using var compiler = new ModuleCompiler();
        var upload = new byte[ModuleCompiler.MaxModuleBytes + 1];
        EmptyModuleBinary.CopyTo(upload, 0);

        var (wasm, error) = compiler.Compile(upload);

        Assert.Multiple(() =>
        {
            Assert.That(wasm, Is.Null);
            Assert.That(error, Is.EqualTo($"module is {ModuleCompiler.MaxModuleBytes + 1} bytes, over the limit of {ModuleCompiler.MaxModuleBytes}"));
        });
    }
}
