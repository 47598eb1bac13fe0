using Wasmtime;

namespace Edge.Agent.Runtime.Tests;

/// <summary>The Wasmtime behaviour InstancePool relies on when a run's budget is gone before it starts.</summary>
public sealed class EpochDeadlineTests
{
    [Test]
    public void SetEpochDeadlineZero_WithoutAnyTick_CallsTheCallbackAtTheFirstCheck()
    {
        using var config = new Config().WithEpochInterruption(true);
        using var engine = new Engine(config);
        using var linker = new Linker(engine);
        using var module = Module.FromText(engine, "spin", TestModules.InfiniteLoop);
        using var store = new Store(engine);
        var calls = 0;
        store.SetEpochDeadline(0);
        store.SetEpochDeadlineCallback(_ =>
        {
            calls++;
            throw new TimeoutException();
        });

        var instance = linker.Instantiate(store, module);

        Assert.That(() => instance.GetAction("_start")!(), Throws.InstanceOf<WasmtimeException>());
        Assert.That(calls, Is.EqualTo(1));
    }
}
