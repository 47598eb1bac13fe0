using System.Text;
using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

public sealed class WasmRuntimeInvokeTests
{
    [Test]
    public async Task InvokeAsync_RunningWorkload_ReturnsStdoutAndCountsInvocations()
    {
        using var h = new RuntimeHarness();
        await h.StartAsync("hello", TestModules.Print("hi\n"));

        var first = await h.InvokeAsync("hello");
        var second = await h.InvokeAsync("hello");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Outcome, Is.EqualTo(InvocationOutcome.Succeeded), first.Error);
            Assert.That(first.ExitCode, Is.Zero);
            Assert.That(Encoding.UTF8.GetString(first.Stdout.Span), Is.EqualTo("hi\n"));
            Assert.That(Encoding.UTF8.GetString(second.Stdout.Span), Is.EqualTo("hi\n"));
            Assert.That(h.Runtime.Snapshot().Single().Invocations, Is.EqualTo(3), "the smoke run and two invocations");
            Assert.That(h.Runtime.Snapshot().Single().Failures, Is.Zero);
        }
    }

    [Test]
    public async Task InvokeAsync_Stdin_IsTheGuestsStandardInput()
    {
        using var h = new RuntimeHarness();
        await h.StartAsync("echo", TestModules.Echo);

        var result = await h.InvokeAsync("echo", "temperature=21.5");

        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("temperature=21.5"));
    }

    [Test]
    public async Task InvokeAsync_FailingRun_CountsFailureAndKeepsWorkloadRunning()
    {
        using var h = new RuntimeHarness();
        await h.StartAsync("picky", TestModules.TrapOnInput);

        var result = await h.InvokeAsync("picky", "unexpected");
        var status = h.Runtime.Snapshot().Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Trapped));
            Assert.That(result.Error, Does.Contain("unreachable"));
            Assert.That(result.ExitCode, Is.Null);
            Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running));
            Assert.That(status.Invocations, Is.EqualTo(2));
            Assert.That(status.Failures, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task InvokeAsync_NonzeroExit_ReturnsExitCodeAndError()
    {
        using var h = new RuntimeHarness();
        await h.StartAsync("counter", TestModules.ExitWithInputLength);

        var result = await h.InvokeAsync("counter", "abc");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.ExitedWithError));
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That(result.Error, Is.EqualTo("exited with code 3"));
        }
    }

    [Test]
    public async Task InvokeAsync_FailedWorkload_ReturnsUnavailableWithItsReason()
    {
        using var h = new RuntimeHarness();
        await h.StartAsync("seven", TestModules.Exit(7));

        var result = await h.InvokeAsync("seven");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Unavailable));
        Assert.That(result.Error, Is.EqualTo("workload 'seven' is Failed: exited with code 7"));
        Assert.That(h.Runtime.Snapshot().Single().Invocations, Is.EqualTo(1), "only the smoke run");
    }

    [Test]
    public async Task InvokeAsync_UnknownWorkload_ReturnsUnavailable()
    {
        using var h = new RuntimeHarness();

        var result = await h.InvokeAsync("nobody");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Unavailable));
        Assert.That(result.Error, Is.EqualTo("no workload named 'nobody'"));
    }

    [Test]
    public async Task InvokeAsync_ModuleWithoutStart_ReturnsUnavailableAndCountsNothing()
    {
        using var h = new RuntimeHarness();
        await h.StartAsync("reactor", TestModules.NoEntryPoint);

        var result = await h.InvokeAsync("reactor");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Unavailable));
        Assert.That(result.Error, Is.EqualTo("workload 'reactor' exports no _start"));
        Assert.That(h.Runtime.Snapshot().Single().Invocations, Is.Zero);
    }

    [Test]
    public async Task InvokeAsync_ManyAtOnce_AllRunAndAllAreCounted()
    {
        using var h = new RuntimeHarness();
        await h.StartAsync("echo", TestModules.Echo);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            h.Runtime.InvokeAsync("echo", Encoding.UTF8.GetBytes($"n{i}"), CancellationToken.None)))
            .WaitAsync(RuntimeHarness.Bound);

        Assert.That(
            results.Select(r => Encoding.UTF8.GetString(r.Stdout.Span)),
            Is.EqualTo(Enumerable.Range(0, 40).Select(i => $"n{i}")));
        Assert.That(h.Runtime.Snapshot().Single().Invocations, Is.EqualTo(41));
    }
}
