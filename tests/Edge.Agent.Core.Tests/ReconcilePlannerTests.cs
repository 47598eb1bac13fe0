using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

public sealed class ReconcilePlannerTests
{
    private static readonly Dictionary<string, WorkloadStatus> NoStatus = [];

    [Test]
    public void Plan_NewWorkload_StartsIt()
    {
        var web = Specs.Workload("web");

        var plan = ReconcilePlanner.Plan(Specs.State(web), Running(), NoStatus);

        Assert.That(plan, Is.EqualTo(new RuntimeCommand[] { new StartWorkload(web, "in the desired state, not running") }));
    }

    [Test]
    public void Plan_RemovedWorkload_StopsIt()
    {
        var plan = ReconcilePlanner.Plan(Specs.State(), Running(Specs.Workload("old")), NoStatus);

        Assert.That(plan, Is.EqualTo(new RuntimeCommand[] { new StopWorkload("old", "no longer in the desired state") }));
    }

    [Test]
    public void Plan_ChangedModule_StopsBeforeStarting()
    {
        var v1 = Specs.Workload("web", 'a');
        var v2 = Specs.Workload("web", 'b');

        var plan = ReconcilePlanner.Plan(Specs.State(v2), Running(v1), NoStatus);

        Assert.That(plan, Is.EqualTo(new RuntimeCommand[]
        {
            new StopWorkload("web", "its spec changed"),
            new StartWorkload(v2, "its spec changed"),
        }));
    }

    [Test]
    public void Plan_ChangedEnv_Restarts()
    {
        var before = Specs.Workload("web") with { Env = new Dictionary<string, string> { ["LEVEL"] = "info" } };
        var after = before with { Env = new Dictionary<string, string> { ["LEVEL"] = "debug" } };

        var plan = ReconcilePlanner.Plan(Specs.State(after), Running(before), NoStatus);

        Assert.That(plan.Select(c => c.GetType()), Is.EqualTo(new[] { typeof(StopWorkload), typeof(StartWorkload) }));
    }

    [Test]
    public void Plan_ChangedArgs_Restarts()
    {
        var before = Specs.Workload("web") with { Args = ["--a"] };
        var after = before with { Args = ["--b"] };

        var plan = ReconcilePlanner.Plan(Specs.State(after), Running(before), NoStatus);

        Assert.That(plan, Has.Count.EqualTo(2));
    }

    [Test]
    public void Plan_EqualStates_DoesNothing()
    {
        var web = Specs.Workload("web") with { Args = ["--port", "80"], Env = new Dictionary<string, string> { ["A"] = "1" } };
        var sameContent = web with { Args = ["--port", "80"], Env = new Dictionary<string, string> { ["A"] = "1" } };
        var api = Specs.Workload("api", 'c');

        var plan = ReconcilePlanner.Plan(
            Specs.State(sameContent, api),
            Running(web, api),
            new Dictionary<string, WorkloadStatus> { ["web"] = Specs.Status(web, WorkloadPhase.Running) });

        Assert.That(plan, Is.Empty);
    }

    [Test]
    public void Plan_SeveralChanges_AllStopsComeBeforeAnyStart()
    {
        var plan = ReconcilePlanner.Plan(
            Specs.State(Specs.Workload("new"), Specs.Workload("changed", 'b')),
            Running(Specs.Workload("changed", 'a'), Specs.Workload("gone")),
            NoStatus);

        var kinds = plan.Select(c => c is StopWorkload ? "stop " + c.Workload : "start " + c.Workload);
        Assert.That(kinds, Is.EqualTo(new List<string> { "stop changed", "stop gone", "start new", "start changed" }));
    }

    [Test]
    public void Plan_FailedWithAnotherModule_StartsAgain()
    {
        var want = Specs.Workload("web", 'b');
        var failedEarlier = Specs.Status(Specs.Workload("web", 'a'), WorkloadPhase.Failed);

        var plan = ReconcilePlanner.Plan(
            Specs.State(want),
            Running(want),
            new Dictionary<string, WorkloadStatus> { ["web"] = failedEarlier });

        Assert.That(plan, Is.EqualTo(new RuntimeCommand[] { new StartWorkload(want, "failed with another module") }));
    }

    [Test]
    public void Plan_FailedWithTheSameModule_IsNotRetried()
    {
        var want = Specs.Workload("web");

        var plan = ReconcilePlanner.Plan(
            Specs.State(want),
            Running(want),
            new Dictionary<string, WorkloadStatus> { ["web"] = Specs.Status(want, WorkloadPhase.Failed) });

        Assert.That(plan, Is.Empty);
    }

    private static Dictionary<string, WorkloadSpec> Running(params WorkloadSpec[] specs) =>
        specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
}
