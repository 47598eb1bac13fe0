using Edge.Agent.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Support;

/// <summary>The arrangement every agent-state test shares: a fresh directory, a fake clock, and a store opened on them.</summary>
public abstract class StateStoreFixture
{
    protected static readonly DateTimeOffset Start = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private protected TempDirectory Dir { get; private set; } = null!;

    private protected FakeTimeProvider Time { get; private set; } = null!;

    [SetUp]
    public void SetUpStateStore()
    {
        Dir = new TempDirectory();
        Time = new FakeTimeProvider(Start);
    }

    [TearDown]
    public void TearDownStateStore() => Dir.Dispose();

    private protected AgentStateStore Open()
    {
        var store = new AgentStateStore(Dir.Path, NullLogger<AgentStateStore>.Instance);
        store.Open(Time);
        return store;
    }
}
