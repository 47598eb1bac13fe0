using Edge.Controller.Identity;
using Edge.Protos.V1;
using Google.Protobuf.Reflection;

namespace Edge.Controller.Tests.Identity;

/// <summary>Node groups are fleet infrastructure: only fleet-admins change them; every role may read them.</summary>
public sealed class NodeGroupAuthorizationTests
{
    private static readonly AdminPrincipal Viewer = new("v", AdminRole.Viewer, "");
    private static readonly AdminPrincipal Acme = new("t", AdminRole.TenantAdmin, "acme");
    private static readonly AdminPrincipal Fleet = new("f", AdminRole.FleetAdmin, "");

    private static IEnumerable<TestCaseData> Writes()
    {
        yield return new TestCaseData("ApplyNodeGroup", ApplyNodeGroupRequest.Descriptor);
        yield return new TestCaseData("DeleteNodeGroup", DeleteNodeGroupRequest.Descriptor);
    }

    [TestCaseSource(nameof(Writes))]
    public void Decide_TenantAdminChangesANodeGroup_Refused(string method, MessageDescriptor request)
    {
        // The interceptor passes requestHasTenantField from the message: these carry no tenant.
        Assert.That(request.FindFieldByName("tenant"), Is.Null);

        Assert.That(AdminAuthorization.Decide(Acme, AdminAuthorization.AdminService, method, null, false), Does.Contain("carries no tenant"));
        Assert.That(AdminAuthorization.Decide(Viewer, AdminAuthorization.AdminService, method, null, false), Does.Contain("viewer may only read"));
        Assert.That(AdminAuthorization.Decide(Fleet, AdminAuthorization.AdminService, method, null, false), Is.Null);
    }

    [TestCase("ListNodeGroups")]
    [TestCase("ExplainNodeGroup")]
    [TestCase("ExplainNodeScaleDown")]
    public void Decide_AnyRoleReadsNodeGroups_Allowed(string method)
    {
        Assert.That(AdminAuthorization.Decide(Viewer, AdminAuthorization.AdminService, method, null, false), Is.Null);
        Assert.That(AdminAuthorization.Decide(Acme, AdminAuthorization.AdminService, method, null, false), Is.Null);
    }
}
