using System.Text;
using Edge.Controller.Fleet;

namespace Edge.Controller.Tests;

/// <summary>A module is checked at apply against the imports the agent's linker provides.</summary>
public sealed class ModuleImportTests
{
    [Test]
    public void Compile_ImportOfAnUnknownHostFunction_RefusedNamingModuleAndField()
    {
        using var compiler = new ModuleCompiler();

        var (wasm, error) = compiler.Compile("""
            (module
              (import "env" "nope" (func $nope))
              (func (export "_start") (call $nope)))
            """u8);

        Assert.Multiple(() =>
        {
            Assert.That(wasm, Is.Null);
            Assert.That(error, Does.Contain("env.nope").And.Contain("function \"nope\" from module \"env\"").And.Contain("does not provide"));
        });
    }

    [Test]
    public void Compile_EdgeFunctionWithTheWrongSignature_RefusedWithBothSignatures()
    {
        using var compiler = new ModuleCompiler();

        var (wasm, error) = compiler.Compile("""
            (module
              (import "edge" "log" (func (param i64)))
              (memory (export "memory") 1)
              (func (export "_start")))
            """u8);

        Assert.Multiple(() =>
        {
            Assert.That(wasm, Is.Null);
            Assert.That(error, Does.Contain("edge.log: imported as (i64) -> (), but Edge provides (i32, i32, i32) -> ()"));
        });
    }

    [Test]
    public void Compile_ImportedMemory_RefusedAsNotProvided()
    {
        using var compiler = new ModuleCompiler();

        var (wasm, error) = compiler.Compile("(module (import \"env\" \"memory\" (memory 1)) (func (export \"_start\")))"u8);

        Assert.Multiple(() =>
        {
            Assert.That(wasm, Is.Null);
            Assert.That(error, Does.Contain("env.memory: imports a memory"));
        });
    }

    [Test]
    public void Compile_EveryUnknownImport_NamedNotJustTheFirst()
    {
        using var compiler = new ModuleCompiler();

        var (_, error) = compiler.Compile("""
            (module
              (import "env" "a" (func))
              (import "wasi_snapshot_preview1" "no_such_call" (func)))
            """u8);

        Assert.That(error, Does.Contain("env.a").And.Contain("wasi_snapshot_preview1.no_such_call"));
    }

    [Test]
    public void Compile_WasiAndEdgeImportsTheAgentLinks_Accepted()
    {
        using var compiler = new ModuleCompiler();

        var (wasm, error) = compiler.Compile(Encoding.UTF8.GetBytes("""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
              (import "edge" "log" (func (param i32 i32 i32)))
              (import "edge" "metric" (func (param i32 i32 f64)))
              (memory (export "memory") 1)
              (func (export "_start")))
            """));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(wasm, Is.Not.Null);
        });
    }
}
