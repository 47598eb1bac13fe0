using Edge.Agent.Core;
using Edge.Agent.State;
using Edge.Agent.Tests.Support;
using Edge.Agent.Workloads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Workloads;

[TestFixture]
public sealed class JobTrackerTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(10);

    private static readonly WorkloadSpec Job = new()
    {
        Name = "report",
        ModuleDigest = Digest,
        Job = new JobSpec { RestartPolicy = RestartPolicy.OnFailure, BackoffLimit = 1 },
    };

    private TempDirectory _dir = null!;
    private FakeTimeProvider _time = null!;
    private AgentStateStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDirectory();
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        _store = OpenStore();
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Test]
    public void Ended_FailedWithinTheLimit_IsPendingWithWhyAndWhenAndNotFinished()
    {
        var tracker = new JobTracker(_store, _time, Backoff);

        var decision = tracker.Ended(Job, Failed("exited with code 2; stderr: disk full", 2));

        var shown = tracker.Present([Failed("exited with code 2; stderr: disk full", 2)], Started()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(decision.RetryAfter, Is.EqualTo(Backoff));
            Assert.That(tracker.Finished(Job), Is.False);
            Assert.That(shown.Phase, Is.EqualTo(WorkloadPhase.Pending));
            Assert.That(shown.Message, Is.EqualTo("BackOff: attempt 1 of 2 failed: exited with code 2; stderr: disk full; next attempt at 12:00:10Z"));
            Assert.That(shown.Attempts, Is.EqualTo(1));
            Assert.That(shown.ExitCode, Is.EqualTo(2));
        });
    }

    [Test]
    public void Ended_PastTheLimit_IsFailedAndStaysFinishedForANewTrackerOnTheSameFile()
    {
        var tracker = new JobTracker(_store, _time, Backoff);
        tracker.Ended(Job, Failed("exited with code 2", 2));
        tracker.Ended(Job, Failed("exited with code 2", 2));
        _store.Dispose();
        _store = OpenStore();

        var restarted = new JobTracker(_store, _time, Backoff);

        var shown = restarted.Finished(Job) ? restarted.Present([], Started()).Single() : null;
        Assert.Multiple(() =>
        {
            Assert.That(shown, Is.Not.Null, "finished across a restart");
            Assert.That(shown!.Phase, Is.EqualTo(WorkloadPhase.Failed));
            Assert.That(shown.Message, Is.EqualTo("BackoffLimitExceeded: 2 of 2 attempts failed: exited with code 2"));
            Assert.That(shown.Attempts, Is.EqualTo(2));
            Assert.That(shown.ExitCode, Is.EqualTo(2));
        });
    }

    [Test]
    public void Ended_BeforeARestartWhileBackingOff_CountsOnFromTheAttemptsItHad()
    {
        new JobTracker(_store, _time, Backoff).Ended(Job, Failed("exited with code 2", 2));

        var decision = new JobTracker(_store, _time, Backoff).Ended(Job, Failed("exited with code 2", 2));

        Assert.That(decision.Phase, Is.EqualTo(WorkloadPhase.Failed), "the second of two allowed attempts");
    }

    [Test]
    public void Finished_ChangedSpec_IsANewJob()
    {
        var tracker = new JobTracker(_store, _time, Backoff);
        tracker.Ended(Job, Succeeded());

        Assert.Multiple(() =>
        {
            Assert.That(tracker.Finished(Job), Is.True);
            Assert.That(tracker.Finished(Job with { Args = ["--again"] }), Is.False);
            Assert.That(new JobTracker(_store, _time, Backoff).Finished(Job with { Env = new Dictionary<string, string> { ["A"] = "1" } }), Is.False);
        });
    }

    [Test]
    public void Forget_FinishedJob_RunsAgainAfterwardsAlsoAfterARestart()
    {
        var tracker = new JobTracker(_store, _time, Backoff);
        tracker.Ended(Job, Succeeded());

        tracker.Forget(Job.Name);

        Assert.Multiple(() =>
        {
            Assert.That(tracker.Finished(Job), Is.False);
            Assert.That(new JobTracker(_store, _time, Backoff).Finished(Job), Is.False);
        });
    }

    private AgentStateStore OpenStore()
    {
        var store = new AgentStateStore(_dir.Path, NullLogger<AgentStateStore>.Instance);
        store.Open(_time);
        return store;
    }

    private static Dictionary<string, WorkloadSpec> Started() => new() { [Job.Name] = Job };

    private WorkloadStatus Failed(string message, int exitCode) => new()
    {
        Name = Job.Name,
        Phase = WorkloadPhase.Failed,
        Message = message,
        ModuleDigest = Digest,
        Since = _time.GetUtcNow(),
        ExitCode = exitCode,
    };

    private WorkloadStatus Succeeded() => new()
    {
        Name = Job.Name,
        Phase = WorkloadPhase.Succeeded,
        ModuleDigest = Digest,
        Since = _time.GetUtcNow(),
        ExitCode = 0,
    };
}
