using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

/// <summary>A memory.grow the limiter refuses makes the run a memory failure, whatever the size asked for.</summary>
public sealed class MemoryGrowRefusedTests
{
    private const long Cap = 4L * 1024 * 1024; // 64 pages

    /// <summary>50 pages (3.125 MiB) held, then asks for 16 more (1 MiB): refused though far from the cap's last page; then <paramref name="fail"/>.</summary>
    private static string AskOneMiB(string fail) => $$"""
        (module
          (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
          (memory (export "memory") 50)
          (func (export "_start")
            (if (i32.eq (memory.grow (i32.const 16)) (i32.const -1))
              (then {{fail}}))))
        """;

    [TestCase("(call $proc_exit (i32.const 1))", TestName = "InvokeAsync_OneMiBRefusedBelowTheCapThenExit1_IsMemoryLimit")]
    [TestCase("unreachable", TestName = "InvokeAsync_OneMiBRefusedBelowTheCapThenTrap_IsMemoryLimit")]
    public async Task InvokeAsync_OneMiBRefusedBelowTheCap_IsMemoryLimit(string fail)
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("alloc", AskOneMiB(fail), limits: new LimitsSpec { MemoryBytes = Cap });

        var result = await h.InvokeAsync("alloc");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.MemoryLimitExceeded), result.Error);
        Assert.That(result.Error, Does.StartWith($"memory limit of {Cap} bytes exceeded: "));
        Assert.That(h.Runtime.Metrics().Single().FailuresByReason, Is.EqualTo(new Dictionary<string, long> { ["memory"] = 1 }));
    }

    [Test]
    public async Task InvokeAsync_SameModuleWithRoomForIt_SucceedsAndIsNoMemoryFailure()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("alloc", AskOneMiB("(call $proc_exit (i32.const 1))"), limits: new LimitsSpec { MemoryBytes = 2 * Cap });

        var result = await h.InvokeAsync("alloc");

        Assert.That(result.Succeeded, Is.True, result.Error);
    }

    [Test]
    public async Task InvokeAsync_GrowSucceedsThenExit1_IsAnExitNotAMemoryFailure()
    {
        const string wat = """
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start")
                (drop (memory.grow (i32.const 16)))
                (call $proc_exit (i32.const 1))))
            """;
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("exit", wat, limits: new LimitsSpec { MemoryBytes = Cap });

        var result = await h.InvokeAsync("exit");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.ExitedWithError));
        Assert.That(h.Runtime.Metrics().Single().FailuresByReason, Is.EqualTo(new Dictionary<string, long> { ["exit"] = 1 }));
    }

    [Test]
    public async Task InvokeAsync_GuestHandlesTheRefusal_Succeeds()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("alloc", AskOneMiB("nop"), limits: new LimitsSpec { MemoryBytes = Cap });

        var result = await h.InvokeAsync("alloc");

        Assert.That(result.Succeeded, Is.True, "a guest that copes with a refused grow succeeded");
    }

    [Test]
    public void TryInstrument_ModuleWithoutMemoryGrow_LeavesItAlone() =>
        Assert.That(MemoryGrowHook.TryInstrument(Wasmtime.Module.ConvertText(TestModules.InfiniteLoop)), Is.Null);

    [Test]
    public void TryInstrument_NotAModule_LeavesItAlone() =>
        Assert.That(MemoryGrowHook.TryInstrument("\0asm\u0001\0\0\0\u0001\u00ff"u8), Is.Null);
}
