using System.Text;
using Edge.Agent.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Runtime.Tests;

public sealed class WasmRuntimeLimitTests
{
    private const long OneMiB = 1024 * 1024;

    [Test]
    public async Task StartAsync_InfiniteLoop_FailsWithTimeoutInsteadOfHanging()
    {
        using var h = new RuntimeHarness(
            new WasmRuntimeOptions { DefaultTimeout = TimeSpan.FromMilliseconds(100) },
            TimeProvider.System);

        var status = await h.StartAsync("spin", TestModules.InfiniteLoop);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Is.EqualTo("timed out after 100ms"));
    }

    [Test]
    public async Task StartAsync_InfiniteLoop_TimesOutOnlyOnceTheTimeProviderPassesTheTimeout()
    {
        var time = new FakeTimeProvider();
        using var h = new RuntimeHarness(
            new WasmRuntimeOptions { DefaultTimeout = TimeSpan.FromMilliseconds(100), EpochTick = TimeSpan.FromMilliseconds(10) },
            time);
        var (spec, path) = h.Module("spin", TestModules.InfiniteLoop);
        var start = h.Runtime.StartAsync(spec, path, CancellationToken.None);
        h.WaitForRunningGuest();

        time.Advance(TimeSpan.FromMilliseconds(99));
        // Several ticks look at the clock, which says 99 ms: the guest goes on.
        var ticks = h.Runtime.EpochTicks;
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.EpochTicks >= ticks + 3, RuntimeHarness.Bound), Is.True, "the ticker did not tick");

        Assert.That(start.IsCompleted, Is.False, "interrupted before its 100 ms were up");
        time.Advance(TimeSpan.FromMilliseconds(1));
        var status = await start.WaitAsync(RuntimeHarness.Bound);

        Assert.That(status.Message, Is.EqualTo("timed out after 100ms"));
    }

    [Test]
    public async Task StartAsync_MemoryGrowBeyondCap_FailsWithMemoryLimit()
    {
        using var h = new RuntimeHarness(new WasmRuntimeOptions { MaxMemoryBytes = OneMiB });

        var status = await h.StartAsync("leaky", TestModules.LeakMemory);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Does.StartWith("memory limit of 1048576 bytes exceeded: "));
    }

    [Test]
    public async Task StartAsync_MemoryGrowWithinCap_IsRunning()
    {
        using var h = new RuntimeHarness(new WasmRuntimeOptions { MaxMemoryBytes = 8 * OneMiB });

        // 100 initial pages = 6.25 MiB, under an 8 MiB cap: the same module as below, allowed.
        var status = await h.StartAsync("roomy", TestModules.LargeInitialMemory);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
    }

    [Test]
    public async Task StartAsync_InitialMemoryBeyondCap_FailsWithMemoryLimit()
    {
        using var h = new RuntimeHarness(new WasmRuntimeOptions { MaxMemoryBytes = OneMiB });

        var status = await h.StartAsync("big", TestModules.LargeInitialMemory);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Does.StartWith("memory limit of 1048576 bytes exceeded: ").And.Contains("100 pages"));
    }

    [Test]
    public async Task InvokeAsync_OutputBeyondLimit_FailsWithOutputLimitKeepingTheFirstBytes()
    {
        using var h = new RuntimeHarness(new WasmRuntimeOptions { MaxOutputBytes = 5 });
        await h.StartTriggeredAsync("chatty", TestModules.Print("0123456789\n"));

        var result = await h.InvokeAsync("chatty");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.OutputLimitExceeded));
        Assert.That(result.Error, Is.EqualTo("output limit of 5 bytes exceeded on stdout; the run was stopped"));
        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("01234"));
        Assert.That(result.OutputTruncated, Is.True);
    }

    [Test]
    public async Task StartAsync_JobWritingBeyondLimit_FailsNamingTheOutputLimit()
    {
        using var h = new RuntimeHarness(new WasmRuntimeOptions { MaxOutputBytes = 5 });

        var status = await h.StartAsync("chatty", TestModules.Print("0123456789\n"));

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Does.StartWith("output limit of 5 bytes exceeded"));
    }

    [Test]
    public async Task InvokeAsync_OutputWithinLimit_IsNotFlagged()
    {
        using var h = new RuntimeHarness(new WasmRuntimeOptions { MaxOutputBytes = 11 });
        await h.StartAsync("exact", TestModules.Print("0123456789\n"));

        var result = await h.InvokeAsync("exact");

        Assert.That(result.Stdout.Length, Is.EqualTo(11));
        Assert.That(result.OutputTruncated, Is.False);
    }

    [TestCase(nameof(WasmRuntimeOptions.DefaultTimeout))]
    [TestCase(nameof(WasmRuntimeOptions.MaxMemoryBytes))]
    [TestCase(nameof(WasmRuntimeOptions.MaxOutputBytes))]
    [TestCase(nameof(WasmRuntimeOptions.EpochTick))]
    [TestCase(nameof(WasmRuntimeOptions.GuestThreads))]
    public void Constructor_OptionOutOfRange_ThrowsNamingTheOption(string option)
    {
        var options = option switch
        {
            nameof(WasmRuntimeOptions.DefaultTimeout) => new WasmRuntimeOptions { DefaultTimeout = TimeSpan.Zero },
            nameof(WasmRuntimeOptions.MaxMemoryBytes) => new WasmRuntimeOptions { MaxMemoryBytes = 0 },
            nameof(WasmRuntimeOptions.MaxOutputBytes) => new WasmRuntimeOptions { MaxOutputBytes = -1 },
            nameof(WasmRuntimeOptions.GuestThreads) => new WasmRuntimeOptions { GuestThreads = -1 },
            _ => new WasmRuntimeOptions { EpochTick = TimeSpan.FromMinutes(1) },
        };

        Assert.That(
            () => new WasmRuntime(options, TimeProvider.System, new ListLogger<WasmRuntime>()),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo(option));
    }
}
