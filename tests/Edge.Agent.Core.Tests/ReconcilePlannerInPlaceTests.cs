using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

public sealed class ReconcilePlannerInPlaceTests
{
    private static readonly Dictionary<string, WorkloadStatus> NoStatus = [];

    [Test]
    public void Plan_OnlyLimitsChanged_UpdatesInPlaceWithoutAStop()
    {
        var v1 = Specs.Workload("web");
        var v2 = v1 with { Limits = new LimitsSpec { MemoryBytes = 128 << 20 } };

        var plan = ReconcilePlanner.Plan(Specs.State(v2), Running(v1), NoStatus);

        Assert.That(plan, Is.EqualTo(new RuntimeCommand[] { new UpdateWorkload(v2, "its limits changed") }));
    }

    [Test]
    public void Plan_ColdToWarm_UpdatesInPlaceWithoutAStop()
    {
        var cold = Specs.Workload("web") with { Cold = true };
        var warm = cold with { Cold = false };

        var plan = ReconcilePlanner.Plan(Specs.State(warm), Running(cold), NoStatus);

        Assert.That(plan, Is.EqualTo(new RuntimeCommand[] { new UpdateWorkload(warm, "woken: no longer cold") }));
    }

    [Test]
    public void Plan_LimitsAndModuleChanged_Restarts()
    {
        var v1 = Specs.Workload("web", 'a');
        var v2 = Specs.Workload("web", 'b') with { Limits = new LimitsSpec { MemoryBytes = 128 << 20 } };

        var plan = ReconcilePlanner.Plan(Specs.State(v2), Running(v1), NoStatus);

        Assert.That(plan.Select(c => c.GetType().Name), Is.EqualTo(new[] { nameof(StopWorkload), nameof(StartWorkload) }));
    }

    [Test]
    public void RunsAtStart_ColdJob_IsFalse()
    {
        var job = Specs.Workload("job");

        Assert.That(job.RunsAtStart, Is.True);
        Assert.That((job with { Cold = true }).RunsAtStart, Is.False);
    }

    private static Dictionary<string, WorkloadSpec> Running(params WorkloadSpec[] specs) =>
        specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
}
