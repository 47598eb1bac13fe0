using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>
/// A job that succeeded on a real agent gives its node's room back, as a completed Kubernetes pod:
/// a workload asking for all of the node is placed there afterwards, and the job still shows
/// Succeeded in <c>edgectl get workloads</c>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class FinishedJobPlacementTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task JobSucceeded_ItsRequestsGoToTheNextWorkload_AndTheTenantQuotaFreesThem()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        var node = await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Condition == NodeCondition.Ready && n.Allocatable?.CpuMillicores > 0, Bound, "node-1 Ready");
        var all = node.Allocatable.CpuMillicores;
        await fleet.Admin.ApplyTenantAsync(new ApplyTenantRequest { Name = "team", Quota = new TenantQuota { CpuMillicores = all } }, deadline: LocalFleet.Deadline());

        var job = JobPhaseTests.Job("report", JobPhaseTests.SucceedingJob);
        job.Tenant = "team";
        job.Replicas = 1;
        job.Requests = new Resources { CpuMillicores = all };
        await fleet.Admin.ApplyWorkloadAsync(job, deadline: LocalFleet.Deadline());
        await Eventually.Until(() => TeamWorkloadAsync(fleet, "report"), w => w.ReplicasSucceeded == 1, Bound, "report Succeeded");
        var released = await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Requested.CpuMillicores == 0, Bound, "node-1's requests released");

        var web = JobPhaseTests.Job("web", JobPhaseTests.SucceedingJob);
        web.Triggers.Clear();
        web.Triggers.Add(new Trigger { Kind = TriggerKind.Http });
        web.Tenant = "team";
        web.Replicas = 1;
        web.Requests = new Resources { CpuMillicores = all };
        var applied = await fleet.Admin.ApplyWorkloadAsync(web, deadline: LocalFleet.Deadline());

        var (code, listed) = await fleet.EdgectlAsync("get", "workloads", "--all-tenants");
        Assert.Multiple(() =>
        {
            Assert.That(released.Requested.CpuMillicores, Is.Zero);
            Assert.That(applied.ReplicasPlaced, Is.EqualTo(1), applied.Unplaced);
            Assert.That(code, Is.Zero, listed);
            Assert.That(listed.Split('\n').Single(l => l.StartsWith("report ", StringComparison.Ordinal)), Does.Match(@"report\s+team\s+\S+\s+1\s+1\s+0\s+0\s+1\s+0"),
                "DESIRED 1 PLACED 1 RUNNING 0 PENDING 0 SUCCEEDED 1 FAILED 0: " + listed);
        });
        await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Workloads.Any(w => w.Name == "web.team" && w.Phase == WorkloadPhase.Running), Bound, "node-1 runs web");
    }

    private static async Task<Workload> TeamWorkloadAsync(LocalFleet fleet, string name) =>
        (await fleet.Admin.ListWorkloadsAsync(new ListWorkloadsRequest { Tenant = "team" }, deadline: LocalFleet.Deadline())).Workloads.Single(w => w.Name == name);
}
