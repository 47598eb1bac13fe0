using Edge.Agent.Connection;
using Edge.Agent.Core;
using Edge.Agent.Hosting;
using Edge.Agent.State;
using Edge.Agent.Tests.Support;
using Edge.Agent.Workloads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Workloads;

public sealed class WorkloadSupervisorTests
{
    private static readonly byte[] WebModule = TestModules.Bytes("web v1");
    private static readonly byte[] WebModuleV2 = TestModules.Bytes("web v2");
    private static readonly byte[] ApiModule = TestModules.Bytes("api v1");
    private static readonly WorkloadSpec Web = TestModules.Spec("web", WebModule);
    private static readonly WorkloadSpec Api = TestModules.Spec("api", ApiModule);

    private TempDirectory _dir = null!;
    private FakeTimeProvider _time = null!;
    private FakeWorkloadRuntime _runtime = null!;
    private FakeModuleSource _source = null!;
    private ModuleCache _cache = null!;
    private AgentStateStore _store = null!;
    private WorkloadSupervisor _supervisor = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDirectory();
        _time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        _runtime = new FakeWorkloadRuntime(_time);
        _source = new FakeModuleSource();
        _source.Serve(WebModule);
        _source.Serve(WebModuleV2);
        _source.Serve(ApiModule);
        _cache = new ModuleCache(_dir.Path);
        _store = new AgentStateStore(_dir.Path, NullLogger<AgentStateStore>.Instance);
        _store.Open(_time);
        _supervisor = new WorkloadSupervisor(_runtime, _cache, _store, _source, _time, NullLogger<WorkloadSupervisor>.Instance);
    }

    [TearDown]
    public void TearDown()
    {
        _supervisor.Dispose();
        _store.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task ApplyAsync_NewState_FetchesModuleOnceAndStartsIt()
    {
        var errors = await ApplyAsync(TestModules.State(1, Web));

        Assert.That(errors, Is.Empty);
        Assert.That(_source.Fetches, Is.EqualTo(new[] { Web.ModuleDigest }));
        Assert.That(_runtime.Calls, Is.EqualTo(new[] { "start web" }));
        Assert.That(_runtime.Started("web").Path, Is.EqualTo(_cache.PathOf(Web.ModuleDigest)));
        Assert.That(_cache.HasValid(Web.ModuleDigest), Is.True);
        Assert.That(_supervisor.AppliedVersion, Is.EqualTo(1));
    }

    [Test]
    public async Task ApplyAsync_PersistTrue_NewStoreReadsIt()
    {
        await ApplyAsync(TestModules.State(1, Web), persist: true);

        var saved = ReopenStore().LoadDesired();

        Assert.That(saved?.Version, Is.EqualTo(1));
        Assert.That(saved!.Workloads.Select(w => (w.Name, w.ModuleDigest)), Is.EqualTo(new[] { ("web", Web.ModuleDigest) }));
    }

    [Test]
    public async Task ApplyAsync_PersistFalse_StoresNothing()
    {
        await ApplyAsync(TestModules.State(1, Web), persist: false);

        var saved = ReopenStore().LoadDesired();

        Assert.That(saved, Is.Null);
        Assert.That(_runtime.Calls, Is.EqualTo(new[] { "start web" }));
    }

    [Test]
    public async Task ApplyAsync_SameVersionAgain_DoesNothing()
    {
        await ApplyAsync(TestModules.State(1, Web));
        var changes = CountStatusChanges();

        var errors = await ApplyAsync(TestModules.State(1, Web));

        Assert.That(errors, Is.Empty);
        Assert.That(_runtime.Calls, Is.EqualTo(new[] { "start web" }));
        Assert.That(_source.Fetches, Has.Count.EqualTo(1));
        Assert.That(changes(), Is.Zero);
    }

    [Test]
    public async Task ApplyAsync_ChangedSpec_StopsBeforeStarting()
    {
        await ApplyAsync(TestModules.State(1, Web));
        var changed = TestModules.Spec("web", WebModuleV2);

        await ApplyAsync(TestModules.State(2, changed));

        Assert.That(_runtime.Calls, Is.EqualTo(new[] { "start web", "stop web", "start web" }));
        Assert.That(_runtime.Started("web").Spec.ModuleDigest, Is.EqualTo(changed.ModuleDigest));
        Assert.That(_supervisor.AppliedVersion, Is.EqualTo(2));
    }

    [Test]
    public async Task ApplyAsync_ChangedEnvOnly_RestartsWithoutFetchingAgain()
    {
        await ApplyAsync(TestModules.State(1, Web));
        var changed = Web with { Env = new Dictionary<string, string> { ["LEVEL"] = "debug" } };

        await ApplyAsync(TestModules.State(2, changed));

        Assert.That(_runtime.Calls, Is.EqualTo(new[] { "start web", "stop web", "start web" }));
        Assert.That(_runtime.Started("web").Spec.Env, Is.EquivalentTo(changed.Env));
        Assert.That(_source.Fetches, Is.EqualTo(new[] { Web.ModuleDigest }));
    }

    [Test]
    public async Task ApplyAsync_UnchangedWorkloadInNewVersion_LeavesItRunning()
    {
        await ApplyAsync(TestModules.State(1, Web));

        await ApplyAsync(TestModules.State(2, Web, Api));

        Assert.That(_runtime.Calls, Is.EqualTo(new[] { "start web", "start api" }));
    }

    [Test]
    public async Task ApplyAsync_RemovedWorkload_StopsIt()
    {
        await ApplyAsync(TestModules.State(1, Web, Api));

        await ApplyAsync(TestModules.State(2, Web));

        Assert.That(_runtime.Calls, Is.EqualTo(new[] { "start web", "start api", "stop api" }));
        Assert.That(_supervisor.Statuses().Select(s => s.Name), Is.EqualTo(new[] { "web" }));
    }

    [Test]
    public async Task ApplyAsync_DuplicateNames_RefusedAndNothingChanges()
    {
        await ApplyAsync(TestModules.State(1, Web));
        var changes = CountStatusChanges();

        var errors = await ApplyAsync(TestModules.State(2, Api, Api with { ModuleDigest = Web.ModuleDigest }));

        Assert.That(errors, Has.Some.Contains("'api' appears more than once"));
        Assert.That(_runtime.Calls, Is.EqualTo(new[] { "start web" }));
        Assert.That(_source.Fetches, Is.EqualTo(new[] { Web.ModuleDigest }));
        Assert.That(_supervisor.AppliedVersion, Is.EqualTo(1));
        Assert.That(ReopenStore().LoadDesired()?.Version, Is.EqualTo(1));
        Assert.That(changes(), Is.Zero);
    }

    [Test]
    public async Task ApplyAsync_BadDigest_RefusedAndNothingStartedOrPersisted()
    {
        var bad = Web with { ModuleDigest = "sha256:NOT-HEX" };

        var errors = await ApplyAsync(TestModules.State(1, bad, Api));

        Assert.That(errors, Has.Some.Contains("sha256:NOT-HEX"));
        Assert.That(_runtime.Calls, Is.Empty);
        Assert.That(_source.Fetches, Is.Empty);
        Assert.That(_supervisor.AppliedVersion, Is.Zero);
        Assert.That(ReopenStore().LoadDesired(), Is.Null);
    }

    [Test]
    public async Task ApplyAsync_ModuleSourceThrows_WorkloadPendingNamingDigest()
    {
        _source.Unreachable = true;

        var errors = await ApplyAsync(TestModules.State(1, Web));

        Assert.That(errors, Is.Empty);
        Assert.That(_runtime.Calls.Where(c => c.StartsWith("start", StringComparison.Ordinal)), Is.Empty);
        var status = _supervisor.Statuses().Single();
        Assert.That(status.Name, Is.EqualTo("web"));
        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Pending));
        Assert.That(status.Message, Does.Contain(Web.ModuleDigest).And.Contain("controller unreachable"));
        Assert.That(status.Since, Is.EqualTo(_time.GetUtcNow()));
    }

    [Test]
    public async Task ApplyAsync_ModuleSourceServesWrongBytes_PendingAndNothingCached()
    {
        _source.Serve(Web.ModuleDigest, TestModules.Bytes("not the web module"));

        await ApplyAsync(TestModules.State(1, Web));

        var status = _supervisor.Statuses().Single();
        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Pending));
        Assert.That(status.Message, Does.Contain("does not match its digest"));
        Assert.That(_cache.HasValid(Web.ModuleDigest), Is.False);
        Assert.That(_runtime.Calls.Where(c => c.StartsWith("start", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task RetryWaitingAsync_SourceWorksAgain_StartsWorkloadOnce()
    {
        _source.Unreachable = true;
        await ApplyAsync(TestModules.State(1, Web));
        _source.Unreachable = false;

        await _supervisor.RetryWaitingAsync(CancellationToken.None);
        await _supervisor.RetryWaitingAsync(CancellationToken.None);

        Assert.That(_runtime.Calls.Where(c => c.StartsWith("start", StringComparison.Ordinal)), Is.EqualTo(new[] { "start web" }));
        var status = _supervisor.Statuses().Single();
        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running));
        Assert.That(status.Message, Is.Empty);
    }

    [Test]
    public async Task RetryWaitingAsync_SourceStillUnreachable_StaysPending()
    {
        _source.Unreachable = true;
        await ApplyAsync(TestModules.State(1, Web));

        await _supervisor.RetryWaitingAsync(CancellationToken.None);

        Assert.That(_source.Fetches, Has.Count.EqualTo(2));
        Assert.That(_supervisor.Statuses().Single().Phase, Is.EqualTo(WorkloadPhase.Pending));
    }

    [Test]
    public async Task RetryWaitingAsync_FailsAgainLater_KeepsWhenTheWaitBegan()
    {
        _source.Unreachable = true;
        await ApplyAsync(TestModules.State(1, Web));
        var began = _supervisor.Statuses().Single().Since;
        _time.Advance(TimeSpan.FromMinutes(5));

        await _supervisor.RetryWaitingAsync(CancellationToken.None);

        var status = _supervisor.Statuses().Single();
        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Pending));
        Assert.That(status.Since, Is.EqualTo(began), "the node's NotApplying bound counts from the first failure");
        Assert.That(status.Message, Does.Contain("controller unreachable").And.Contain("2 attempts since 03:04:05Z"));
    }

    [Test]
    public async Task ModuleFetchRetry_FetchFailsWhileConnectedThenWorks_StartsWithoutAReconnect()
    {
        var board = new AgentStatusBoard();
        board.ControllerUp(_time.GetUtcNow(), "");
        _source.Unreachable = true;
        await ApplyAsync(TestModules.State(1, Web));
        using var retry = StartRetry(board);

        await AdvanceUntil(() => _source.Fetches.Count >= 4, "three retries while the source fails");
        Assert.That(_supervisor.Statuses().Single().Phase, Is.EqualTo(WorkloadPhase.Pending));
        _source.Unreachable = false;
        await AdvanceUntil(() => _supervisor.Statuses().Single().Phase == WorkloadPhase.Running, "web running once the source serves it");

        Assert.That(_runtime.Calls.Where(c => c.StartsWith("start", StringComparison.Ordinal)), Is.EqualTo(new[] { "start web" }));
        Assert.That(_supervisor.HasWaiting, Is.False);
        Assert.That(_supervisor.Statuses().Single().Message, Is.Empty);
        var fetches = _source.Fetches.Count;
        await AdvanceFor(TimeSpan.FromMinutes(2));
        Assert.That(_source.Fetches, Has.Count.EqualTo(fetches), "nothing waits: no more fetches");
    }

    [Test]
    public async Task ApplyAsync_WaitingWorkloadNoLongerDesired_NothingWaitsAndNothingIsReported()
    {
        _source.Unreachable = true;
        await ApplyAsync(TestModules.State(1, Web));
        Assert.That(_supervisor.HasWaiting, Is.True);

        await ApplyAsync(TestModules.State(2));

        Assert.That(_supervisor.HasWaiting, Is.False, "the retry has nothing left to fetch");
        Assert.That(_supervisor.Statuses(), Is.Empty);
    }

    [Test]
    public async Task ModuleFetchRetry_ControllerDisconnected_LeavesItToTheReconnect()
    {
        var board = new AgentStatusBoard(); // never connected
        _source.Unreachable = true;
        await ApplyAsync(TestModules.State(1, Web));
        using var retry = StartRetry(board);

        await AdvanceFor(TimeSpan.FromMinutes(2));

        Assert.That(_source.Fetches, Has.Count.EqualTo(1));
        Assert.That(_supervisor.Statuses().Single().Phase, Is.EqualTo(WorkloadPhase.Pending));
    }

    [Test]
    public async Task RetryWaitingAsync_NothingWaiting_DoesNothing()
    {
        await ApplyAsync(TestModules.State(1, Web));
        var changes = CountStatusChanges();

        await _supervisor.RetryWaitingAsync(CancellationToken.None);

        Assert.That(_runtime.Calls, Is.EqualTo(new[] { "start web" }));
        Assert.That(changes(), Is.Zero);
    }

    [Test]
    public async Task ApplyAsync_SameVersionWhileWaiting_TriesAgain()
    {
        _source.Unreachable = true;
        await ApplyAsync(TestModules.State(1, Web));
        _source.Unreachable = false;

        await ApplyAsync(TestModules.State(1, Web));

        Assert.That(_runtime.Calls.Where(c => c.StartsWith("start", StringComparison.Ordinal)), Is.EqualTo(new[] { "start web" }));
        Assert.That(_supervisor.Statuses().Single().Phase, Is.EqualTo(WorkloadPhase.Running));
    }

    [Test]
    public async Task ApplyAsync_ModuleAlreadyCached_DoesNotFetch()
    {
        await _cache.StoreAsync(Web.ModuleDigest, WebModule, CancellationToken.None);

        await ApplyAsync(TestModules.State(1, Web));

        Assert.That(_source.Fetches, Is.Empty);
        Assert.That(_runtime.Calls, Is.EqualTo(new[] { "start web" }));
    }

    [Test]
    public async Task ApplyAsync_CachedModuleTamperedOnDisk_FetchesAgain()
    {
        var path = await _cache.StoreAsync(Web.ModuleDigest, WebModule, CancellationToken.None);
        File.WriteAllBytes(path, TestModules.Bytes("tampered"));

        await ApplyAsync(TestModules.State(1, Web));

        Assert.That(_source.Fetches, Is.EqualTo(new[] { Web.ModuleDigest }));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(WebModule));
    }

    [Test]
    public async Task ApplyAsync_Applied_RaisesStatusChangedOnce()
    {
        var changes = CountStatusChanges();

        await ApplyAsync(TestModules.State(1, Web, Api));

        Assert.That(changes(), Is.EqualTo(1));
    }

    [Test]
    public async Task ApplyAsync_RuntimeFails_StatusFailedAndNotWaiting()
    {
        _runtime.Script["web"] = WorkloadPhase.Failed;

        await ApplyAsync(TestModules.State(1, Web));
        await _supervisor.RetryWaitingAsync(CancellationToken.None);

        var status = _supervisor.Statuses().Single();
        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(status.Message, Is.EqualTo("scripted failure"));
        Assert.That(_runtime.Calls, Is.EqualTo(new[] { "start web" }));
    }

    [Test]
    public async Task ApplyAsync_OlderVersion_StillApplied()
    {
        await ApplyAsync(TestModules.State(5, Web));

        await ApplyAsync(TestModules.State(3, Api));

        Assert.That(_supervisor.AppliedVersion, Is.EqualTo(3));
        Assert.That(_runtime.Calls, Is.EqualTo(new[] { "start web", "stop web", "start api" }));
    }

    [Test]
    public async Task Statuses_RunningAndWaiting_MergedAndSortedByName()
    {
        var zeta = TestModules.Spec("zeta", TestModules.Bytes("zeta, never served"));

        await ApplyAsync(TestModules.State(1, Web, zeta, Api));

        var statuses = _supervisor.Statuses();
        Assert.That(statuses.Select(s => (s.Name, s.Phase)), Is.EqualTo(new[]
        {
            ("api", WorkloadPhase.Running),
            ("web", WorkloadPhase.Running),
            ("zeta", WorkloadPhase.Pending),
        }));
    }

    [Test]
    public async Task ApplyAsync_ChangedModuleUnreachable_OldKeepsRunning()
    {
        await ApplyAsync(TestModules.State(1, Web));
        var unreachable = TestModules.Spec("web", TestModules.Bytes("web v3, never served"));

        await ApplyAsync(TestModules.State(2, unreachable));

        // The new module cannot be fetched, so the old version is not stopped.
        var status = _supervisor.Statuses().Single();
        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running));
        Assert.That(status.ModuleDigest, Is.EqualTo(Web.ModuleDigest));
    }

    [Test]
    public async Task ApplyAsync_PendingWorkloadRemoved_NoLongerReported()
    {
        _source.Unreachable = true;
        await ApplyAsync(TestModules.State(1, Web));
        await ApplyAsync(TestModules.State(2));
        await _supervisor.RetryWaitingAsync(CancellationToken.None);

        Assert.That(_supervisor.Statuses().Select(s => $"{s.Name} {s.Phase}"), Is.Empty);
    }

    private RetryRun StartRetry(AgentStatusBoard board)
    {
        var options = Options.Create(new AgentOptions { NodeName = "n1", ModuleRetryMinDelay = TimeSpan.FromSeconds(1), ModuleRetryMaxDelay = TimeSpan.FromSeconds(8) });
        var retry = new ModuleFetchRetry(_supervisor, board, options, _time, NullLogger<ModuleFetchRetry>.Instance);
        retry.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new RetryRun(retry);
    }

    /// <summary>Moves the fake clock on in small steps until the condition holds (bounded in real time).</summary>
    private async Task AdvanceUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"not within 20 s: {what}");
            _time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(5);
        }
    }

    private async Task AdvanceFor(TimeSpan span)
    {
        for (var moved = TimeSpan.Zero; moved < span; moved += TimeSpan.FromMilliseconds(500))
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(2);
        }
    }

    private sealed class RetryRun(ModuleFetchRetry retry) : IDisposable
    {
        public void Dispose()
        {
            retry.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            retry.Dispose();
        }
    }

    private Task<IReadOnlyList<string>> ApplyAsync(DesiredState desired, bool persist = true) =>
        _supervisor.ApplyAsync(desired, "test", persist, CancellationToken.None);

    private Func<int> CountStatusChanges()
    {
        var count = 0;
        _supervisor.StatusChanged += () => Interlocked.Increment(ref count);
        return () => Volatile.Read(ref count);
    }

    private AgentStateStore ReopenStore()
    {
        _store.Dispose();
        _store = new AgentStateStore(_dir.Path, NullLogger<AgentStateStore>.Instance);
        _store.Open(_time);
        return _store;
    }
}
