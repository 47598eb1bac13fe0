using System.Text;
using Edge.Agent.Core;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Runtime.Tests;

public sealed class WasmRuntimeStartTests
{
    [Test]
    public async Task StartAsync_HelloModule_IsRunningAfterOneInvocation()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("hello", TestModules.Print("hello\n"));

        var status = await h.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
            Assert.That(status.Name, Is.EqualTo("hello"));
            Assert.That(status.ModuleDigest, Is.EqualTo(spec.ModuleDigest));
            Assert.That(status.Message, Is.Empty);
            Assert.That(status.Invocations, Is.EqualTo(1));
            Assert.That(status.Failures, Is.Zero);
            Assert.That(status.Since, Is.EqualTo(h.Time.GetUtcNow()));
            Assert.That(h.Runtime.Snapshot(), Is.EqualTo(new[] { status }));
        }
    }

    [Test]
    public async Task StartAsync_HelloModule_LogsStdoutLinesAtInformation()
    {
        using var h = new RuntimeHarness();

        await h.StartAsync("hello", TestModules.Print("first line\nsecond line\n"));

        var lines = h.Logger.Entries.Where(e => e.EventId.Id == 2503).ToList();
        Assert.That(lines.Select(e => e.Message), Is.EqualTo(new List<string> { "hello stdout: first line", "hello stdout: second line" }));
        Assert.That(lines.Select(e => e.Level), Is.All.EqualTo(LogLevel.Information));
    }

    [Test]
    public async Task StartAsync_BinaryModule_IsRunning()
    {
        using var h = new RuntimeHarness();
        var binary = Wasmtime.Module.ConvertText(TestModules.Print("binary\n"));
        var (spec, path) = h.Module("binary", binary, ".wasm");

        var status = await h.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);
        var result = await h.InvokeAsync("binary");

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("binary\n"));
    }

    [Test]
    public async Task StartAsync_ArgsAndEnv_AreVisibleToTheGuestWithNameAsArgv0()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module(
            "printer",
            TestModules.PrintArgsAndEnv,
            args: ["--fast", "x"],
            env: new Dictionary<string, string> { ["ZONE"] = "north" });
        await h.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        var result = await h.InvokeAsync("printer");

        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("printer\0--fast\0x\0ZONE=north\0"));
    }

    [Test]
    public async Task StartAsync_InvalidBytes_FailsNamingInvalidModule()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("junk", [0x13, 0x37, 0xff, 0x00, 0x42], ".wasm");

        var status = await h.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Does.StartWith("invalid module: neither a WebAssembly binary"));
        Assert.That(status.Invocations, Is.Zero);
    }

    [Test]
    public async Task StartAsync_TruncatedBinary_FailsNamingInvalidModule()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("cut", [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05], ".wasm");

        var status = await h.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Does.StartWith("invalid module: ").And.Contains("end-of-file"));
    }

    [Test]
    public async Task StartAsync_EmptyFile_FailsSayingEmpty()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("empty", [], ".wasm");

        var status = await h.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(status.Message, Is.EqualTo("invalid module: the file is empty"));
    }

    [Test]
    public async Task StartAsync_TextWithSyntaxError_FailsNamingLineAndColumn()
    {
        using var h = new RuntimeHarness();

        var status = await h.StartAsync("typo", "(module\n  (func (export \"_start\")");

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Does.StartWith("invalid module: ").And.Contains("line 2, column"));
    }

    [Test]
    public async Task StartAsync_ModuleThatFailsValidation_FailsWithTheValidationError()
    {
        using var h = new RuntimeHarness();

        var status = await h.StartAsync("mismatch", TestModules.TypeMismatch);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Does.StartWith("invalid module: ").And.Contains("type mismatch"));
    }

    [Test]
    public async Task StartAsync_StartWithParameters_FailsNamingTheExport()
    {
        using var h = new RuntimeHarness();

        var status = await h.StartAsync("params", TestModules.StartWithParameter);

        Assert.That(status.Message, Is.EqualTo("invalid module: export _start must take no parameters and return nothing"));
    }

    [Test]
    public async Task StartAsync_MissingImport_FailsNamingTheImport()
    {
        using var h = new RuntimeHarness();

        var status = await h.StartAsync("needs-sensor", TestModules.MissingImport);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Does.StartWith("cannot instantiate: ").And.Contains("env::sensor_read"));
    }

    [Test]
    public async Task StartAsync_MissingFile_FailsNamingThePath()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("gone", TestModules.Print("x"));
        File.Delete(path);

        var status = await h.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Does.StartWith($"cannot read module file '{path}'"));
    }

    [Test]
    public async Task StartAsync_Trap_FailsWithTheTrapMessage()
    {
        using var h = new RuntimeHarness();

        var status = await h.StartAsync("div", TestModules.DivideByZero);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
            Assert.That(status.Message, Is.EqualTo("wasm trap: integer divide by zero"));
            Assert.That(status.Invocations, Is.EqualTo(1));
            Assert.That(status.Failures, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task StartAsync_ProcExit3_FailsWithExitCode()
    {
        using var h = new RuntimeHarness();

        var status = await h.StartAsync("three", TestModules.Exit(3));

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Is.EqualTo("exited with code 3"));
    }

    [Test]
    public async Task StartAsync_ProcExit0_IsRunning()
    {
        using var h = new RuntimeHarness();

        var status = await h.StartAsync("zero", TestModules.Exit(0));

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
    }

    [Test]
    public async Task StartAsync_NonzeroExitAfterStderr_MessageQuotesStderr()
    {
        using var h = new RuntimeHarness();

        var status = await h.StartAsync("oom", TestModules.StderrThenExit1);

        Assert.That(status.Message, Is.EqualTo("exited with code 1; stderr: out of memory"));
    }

    [Test]
    public async Task StartAsync_ModuleWithoutStart_IsRunningWithNoInvocation()
    {
        using var h = new RuntimeHarness();

        var status = await h.StartAsync("reactor", TestModules.NoEntryPoint);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
        Assert.That(status.Invocations, Is.Zero);
    }
}
