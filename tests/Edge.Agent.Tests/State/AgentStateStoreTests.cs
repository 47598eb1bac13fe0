using Edge.Agent.Core;
using Edge.Agent.State;
using Edge.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.State;

public sealed class AgentStateStoreTests : StateStoreFixture
{
    [Test]
    public void LoadDesired_EmptyStore_ReturnsNull()
    {
        using var store = Open();

        var desired = store.LoadDesired();

        Assert.That(desired, Is.Null);
    }

    [Test]
    public void SaveDesired_PoolLimitsAndTriggers_SurviveANewInstance()
    {
        var web = TestModules.Spec("web", TestModules.Bytes("web")) with
        {
            Pool = new PoolSpec { MinWarm = 0, MaxConcurrency = 3, MaxQueue = 9, IdleAfter = TimeSpan.FromSeconds(7) },
            Limits = new LimitsSpec { Timeout = TimeSpan.FromMilliseconds(250), Fuel = 5, MemoryBytes = 1 << 20, MaxOutputBytes = 100 },
            Triggers = [new TriggerSpec { Kind = TriggerKind.Mqtt, Topic = "in/+", ReplyTopic = "out" }, new TriggerSpec { Kind = TriggerKind.Interval, Interval = TimeSpan.FromSeconds(2) }],
        };
        using (var first = Open())
        {
            first.SaveDesired(TestModules.State(3, web));
        }

        using var second = Open();
        var loaded = second.LoadDesired()!.Workloads.Single();

        Assert.That(loaded.DiffersFrom(web), Is.False);
        Assert.That(loaded.Triggers, Is.EqualTo(web.Triggers));
    }

    [Test]
    public void SaveDesired_ThenNewInstance_LoadsEqualState()
    {
        var web = TestModules.Spec("web", TestModules.Bytes("web")) with
        {
            Env = new Dictionary<string, string> { ["LEVEL"] = "debug", ["ZONE"] = "eu-1" },
            Args = ["--port", "8080"],
        };
        var api = TestModules.Spec("api", TestModules.Bytes("api"));
        using (var first = Open())
        {
            first.SaveDesired(TestModules.State(7, web, api));
        }

        using var second = Open();
        var loaded = second.LoadDesired();

        Assert.That(loaded, Is.Not.Null);
        Assert.That(loaded!.Version, Is.EqualTo(7));
        Assert.That(loaded.Workloads.Select(w => w.Name), Is.EqualTo(new[] { "web", "api" }));
        Assert.That(loaded.Workloads.Select(w => w.ModuleDigest), Is.EqualTo(new[] { web.ModuleDigest, api.ModuleDigest }));
        Assert.That(loaded.Workloads.Select(w => w.ModuleSizeBytes), Is.EqualTo(new[] { web.ModuleSizeBytes, api.ModuleSizeBytes }));
        Assert.That(loaded.Workloads[0].Env, Is.EquivalentTo(web.Env));
        Assert.That(loaded.Workloads[0].Args, Is.EqualTo(web.Args));
        Assert.That(loaded.Workloads[1].Env, Is.Empty);
        Assert.That(loaded.Workloads[1].Args, Is.Empty);
        Assert.That(loaded.Workloads[0].DiffersFrom(web) || loaded.Workloads[1].DiffersFrom(api), Is.False);
    }

    [Test]
    public void SaveDesired_Twice_KeepsTheLast()
    {
        using var store = Open();
        store.SaveDesired(TestModules.State(1, TestModules.Spec("old", TestModules.Bytes("old"))));

        store.SaveDesired(TestModules.State(2, TestModules.Spec("new", TestModules.Bytes("new"))));

        var loaded = store.LoadDesired();
        Assert.That(loaded?.Version, Is.EqualTo(2));
        Assert.That(loaded!.Workloads.Select(w => w.Name), Is.EqualTo(new[] { "new" }));
    }

    [Test]
    public void NextSequence_Repeated_Increases()
    {
        using var store = Open();

        var sequence = new[] { store.NextSequence(), store.NextSequence(), store.NextSequence() };

        Assert.That(sequence, Is.EqualTo(new ulong[] { 1, 2, 3 }));
    }

    [Test]
    public void NextSequence_AfterReopen_Continues()
    {
        using (var first = Open())
        {
            first.NextSequence();
            first.NextSequence();
        }

        using var second = Open();
        var next = second.NextSequence();

        Assert.That(next, Is.EqualTo(3UL));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void Open_RandomBytesFile_MovesItAsideAndStartsEmpty(int seed)
    {
        var garbage = new byte[16384];
        new Random(seed).NextBytes(garbage);
        var path = Path.Combine(Dir.Path, "agent.db");
        File.WriteAllBytes(path, garbage);

        using var store = Open();

        Assert.That(store.Quarantined, Is.EqualTo(path + ".corrupt-20250304050607000"));
        Assert.That(File.Exists(store.Quarantined), Is.True);
        Assert.That(File.ReadAllBytes(store.Quarantined!), Is.EqualTo(garbage));
        Assert.That(store.LoadDesired(), Is.Null);
        Assert.That(store.NextSequence(), Is.EqualTo(1UL));
    }

    [Test]
    public void Open_ShortTextFile_MovedAsideNotSilentlyReinitialised()
    {
        var path = Path.Combine(Dir.Path, "agent.db");
        File.WriteAllText(path, "short and not a database");

        using var store = Open();

        Assert.Multiple(() =>
        {
            Assert.That(store.Quarantined, Is.Not.Null);
            Assert.That(File.ReadAllText(store.Quarantined!), Is.EqualTo("short and not a database"));
            Assert.That(store.LoadDesired(), Is.Null);
        });
    }

    [Test]
    public void Open_RandomBytesFile_NewFileKeepsState()
    {
        var garbage = new byte[8192];
        new Random(42).NextBytes(garbage);
        File.WriteAllBytes(Path.Combine(Dir.Path, "agent.db"), garbage);
        using (var quarantining = Open())
        {
            quarantining.SaveDesired(TestModules.State(3, TestModules.Spec("web", TestModules.Bytes("web"))));
        }

        using var reopened = Open();

        Assert.That(reopened.Quarantined, Is.Null);
        Assert.That(reopened.LoadDesired()?.Version, Is.EqualTo(3));
    }

    [Test]
    public void Open_HealthyFile_QuarantinesNothing()
    {
        using (var first = Open())
        {
            first.NextSequence();
        }

        using var second = Open();

        Assert.That(second.Quarantined, Is.Null);
        Assert.That(Directory.GetFiles(Dir.Path, "*corrupt*"), Is.Empty);
    }

    [Test]
    public void LoadDesired_NotOpened_Throws()
    {
        using var store = new AgentStateStore(Dir.Path, NullLogger<AgentStateStore>.Instance);

        Assert.That(() => store.LoadDesired(), Throws.InvalidOperationException.With.Message.Contains("not open"));
    }

    [Test]
    public void Path_IsAgentDbInDataDir()
    {
        using var store = new AgentStateStore(Dir.Path, NullLogger<AgentStateStore>.Instance);

        Assert.That(store.Path, Is.EqualTo(Path.Combine(Dir.Path, "agent.db")));
    }
}
