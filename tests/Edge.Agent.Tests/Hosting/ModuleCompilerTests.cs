using System.Diagnostics;
using System.Text;
using Edge.Agent.Core;
using Edge.Agent.Hosting;
using Edge.Agent.Runtime;
using Edge.Agent.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests.Hosting;

/// <summary>
/// Modules compiled by a child process (the agent's own compile-module command, here its JIT
/// build beside the tests) and loaded from the compiled cache; a child that cannot do it leaves
/// the compile to the agent; a module the child finds invalid fails with the same reason.
/// </summary>
public sealed class ModuleCompilerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private const string Hello = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 64) "compiled apart\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 64))
            (i32.store (i32.const 4) (i32.const 15))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """;

    [Test]
    public void OwnCompilerCommand_UnderTheDotnetHost_IsTheHostWithTheAgentAssembly()
    {
        var command = AgentHost.OwnCompilerCommand();

        Assert.That(command, Is.Not.Null);
        Assert.That(command![^1], Is.EqualTo(AgentHost.CompileModuleCommand));
        Assert.That(File.Exists(command[0]), Is.True, command[0]);
    }

    [Test]
    public async Task Start_WithTheCompilerChild_CompilesApartAndRunsFromTheCache()
    {
        using var dir = new TempDirectory();
        var (spec, path) = Module(dir, "hello", Hello);

        using (var runtime = Runtime(dir, AgentHost.OwnCompilerCommand()))
        {
            var status = await runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(Bound);
            var result = await runtime.InvokeAsync("hello", ReadOnlyMemory<byte>.Empty, CancellationToken.None).WaitAsync(Bound);

            Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
            Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("compiled apart\n"));
            Assert.That((runtime.ChildCompiles, runtime.InProcessCompiles), Is.EqualTo((1L, 0L)));
        }

        Assert.That(Directory.GetFiles(Path.Combine(dir.Path, "compiled"), "*.cwasm"), Has.Length.EqualTo(1));

        // A restart loads what the child wrote: no compile at all.
        using var restarted = Runtime(dir, AgentHost.OwnCompilerCommand());
        var again = await restarted.StartAsync(spec, path, CancellationToken.None).WaitAsync(Bound);
        Assert.That(again.Phase, Is.EqualTo(WorkloadPhase.Running), again.Message);
        Assert.That((restarted.ChildCompiles, restarted.InProcessCompiles), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task Start_InvalidModule_FailsWithTheSameReasonAsACompileInTheAgent()
    {
        using var apart = new TempDirectory();
        using var inside = new TempDirectory();
        const string broken = "(module (func (export \"_start\") (i32.add)))";
        var (spec, path) = Module(apart, "broken", broken);
        var (spec2, path2) = Module(inside, "broken", broken);
        using var child = Runtime(apart, AgentHost.OwnCompilerCommand());
        using var local = Runtime(inside, null);

        var viaChild = await child.StartAsync(spec, path, CancellationToken.None).WaitAsync(Bound);
        var viaAgent = await local.StartAsync(spec2, path2, CancellationToken.None).WaitAsync(Bound);

        Assert.That(viaChild.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(viaChild.Message, Does.StartWith("invalid module: "));
        Assert.That(viaChild.Message, Is.EqualTo(viaAgent.Message));
        Assert.That(child.InProcessCompiles, Is.Zero, "the agent compiled a module the child had already refused");
        Assert.That(Directory.Exists(Path.Combine(apart.Path, "compiled")) ? Directory.GetFiles(Path.Combine(apart.Path, "compiled")) : [], Is.Empty);
    }

    [TestCase("/bin/false", TestName = "Start_CompilerChildFails_TheAgentCompilesItAndSaysWhy")]
    [TestCase("/nonexistent/edge-agent", TestName = "Start_CompilerChildMissing_TheAgentCompilesItAndSaysWhy")]
    public async Task Start_CompilerChildUnavailable_TheAgentCompilesItAndSaysWhy(string program)
    {
        using var dir = new TempDirectory();
        var (spec, path) = Module(dir, "hello", Hello);
        var logger = new Recorder();
        using var runtime = Runtime(dir, [program], logger);

        var status = await runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(Bound);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
        Assert.That((runtime.ChildCompiles, runtime.InProcessCompiles), Is.EqualTo((0L, 1L)));
        Assert.That(logger.Lines, Has.Some.Contains("Compiler process for workload hello did not compile it"));
    }

    [Test]
    public async Task Start_CompilerChildHangs_IsKilledAtItsTimeAndTheAgentCompilesIt()
    {
        using var dir = new TempDirectory();
        var (spec, path) = Module(dir, "hello", Hello);
        var logger = new Recorder();
        // A shell that sleeps for minutes, the compile arguments (naming this test's directory) its $0 and on.
        using var runtime = Runtime(dir, ["/bin/sh", "-c", "sleep 300; :"], logger, TimeSpan.FromSeconds(1));

        var status = await runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(Bound);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
        Assert.That(logger.Lines, Has.Some.Contains("ran longer than 1s and was killed"));
        Assert.That(Process.GetProcesses().Where(p => CommandLine(p).Contains(dir.Path, StringComparison.Ordinal)), Is.Empty, "the compiler process was left running");
    }

    [Test]
    public void CompileToCache_UnreadableModule_ExitsOneNamingTheFile()
    {
        using var dir = new TempDirectory();
        using var error = new StringWriter();

        var code = ModuleCompiler.CompileToCache(Path.Combine(dir.Path, "missing.wasm"), dir.Path, ModuleDigest.Of([1]), fuel: true, error);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("missing.wasm"));
    }

    private static WasmRuntime Runtime(TempDirectory dir, IReadOnlyList<string>? compiler, ILogger<WasmRuntime>? logger = null, TimeSpan? timeout = null) =>
        new(
            new WasmRuntimeOptions { CompiledCacheDirectory = Path.Combine(dir.Path, "compiled"), CompilerCommand = compiler, CompilerTimeout = timeout ?? Bound },
            TimeProvider.System,
            logger ?? NullLogger<WasmRuntime>.Instance);

    private static (WorkloadSpec Spec, string Path) Module(TempDirectory dir, string name, string wat)
    {
        var content = Encoding.UTF8.GetBytes(wat);
        var path = Path.Combine(dir.Path, name + ".wat");
        File.WriteAllBytes(path, content);
        return (new WorkloadSpec { Name = name, ModuleDigest = ModuleDigest.Of(content), Triggers = [new TriggerSpec { Kind = TriggerKind.Http }] }, path);
    }

    private static string CommandLine(Process process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private sealed class Recorder : ILogger<WasmRuntime>
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add(formatter(state, exception));
            }
        }
    }
}
