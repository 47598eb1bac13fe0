using Edge.Controller.Grpc;
using Edge.Protos.V1;

namespace Edge.Controller.Tests.Tenancy;

public sealed class TenantScopeFiltersTests
{
    private static readonly TenantScope Acme = new("acme", false, true);
    private static readonly TenantScope FleetAdmin = new("default", true, false);

    [TestCase("node n1 can go; moves web.acme#0→n2, web.globex#1→n3", "node n1 can go; moves web.acme#0→n2, <other tenant>#1→n3")]
    [TestCase("replica hello#0 fits on no other node (2 others checked)", "replica <other tenant>#0 fits on no other node (2 others checked)")]
    [TestCase("1 pending replica(s) and no node group can help: small: web.globex: insufficient cpu on the template", "1 pending replica(s) and no node group can help: small: <other tenant>: insufficient cpu on the template")]
    [TestCase("cold on n1 for db.globex", "cold on n1 for <other tenant>")]
    [TestCase("utilization 0.43 below 0.5; last scale-up 1.5 min ago", "utilization 0.43 below 0.5; last scale-up 1.5 min ago")]
    [TestCase("group small: 2 pending replica(s) wait for 1 node(s) already requested", "group small: 2 pending replica(s) wait for 1 node(s) already requested")]
    public void Redact_TenantAdmin_OtherTenantsReplicasAndWorkloadsHidden(string text, string expected) =>
        Assert.That(TenantScopeFilters.Redact(text, Acme), Is.EqualTo(expected));

    [Test]
    public void Redact_FleetAdmin_Unchanged() =>
        Assert.That(TenantScopeFilters.Redact("moves web.globex#1→n3, hello#0→n2", FleetAdmin), Is.EqualTo("moves web.globex#1→n3, hello#0→n2"));

    [Test]
    public void InScope_TenantAdminNode_OnlyItsOwnWorkloads()
    {
        var node = new Node { Name = "n1", Workloads = { new WorkloadStatus { Name = "hello" }, new WorkloadStatus { Name = "web.acme" }, new WorkloadStatus { Name = "web.globex" } } };

        Assert.Multiple(() =>
        {
            Assert.That(node.Clone().InScope(Acme).Workloads.Select(w => w.Name), Is.EqualTo(new[] { "web.acme" }));
            Assert.That(node.Clone().InScope(FleetAdmin).Workloads, Has.Count.EqualTo(3));
        });
    }
}
