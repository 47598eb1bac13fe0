using Edge.Controller.Identity;

namespace Edge.Controller.Tests.Identity;

public sealed class AdminAuthorizationTests
{
    private static readonly AdminPrincipal Fleet = new("f", AdminRole.FleetAdmin, "");
    private static readonly AdminPrincipal Viewer = new("v", AdminRole.Viewer, "");
    private static readonly AdminPrincipal Acme = new("t", AdminRole.TenantAdmin, "acme");

    [TestCase("ApplyWorkload")]
    [TestCase("ListNodes")]
    public void Decide_FleetAdmin_Allowed(string method) =>
        Assert.That(AdminAuthorization.Decide(Fleet, AdminAuthorization.AdminService, method, null, false), Is.Null);

    [Test]
    public void Decide_FleetAdminOnIdentityService_Allowed() =>
        Assert.That(AdminAuthorization.Decide(Fleet, AdminAuthorization.IdentityAdminService, "RevokeNode", null, false), Is.Null);

    [TestCase("ListNodes")]
    [TestCase("GetNode")]
    [TestCase("TopWorkloads")]
    [TestCase("QuerySeries")]
    public void Decide_ViewerReads_Allowed(string method) =>
        Assert.That(AdminAuthorization.Decide(Viewer, AdminAuthorization.AdminService, method, null, false), Is.Null);

    [TestCase("ApplyWorkload")]
    [TestCase("DeleteNode")]
    public void Decide_ViewerWrites_Refused(string method) =>
        Assert.That(AdminAuthorization.Decide(Viewer, AdminAuthorization.AdminService, method, null, false), Does.Contain("viewer may only read"));

    [TestCase("CreateEnrollmentToken")]
    [TestCase("ListSomething")]
    public void Decide_NonFleetAdminOnIdentityService_Refused(string method)
    {
        Assert.Multiple(() =>
        {
            Assert.That(AdminAuthorization.Decide(Viewer, AdminAuthorization.IdentityAdminService, method, null, false), Does.Contain("need fleet-admin"));
            Assert.That(AdminAuthorization.Decide(Acme, AdminAuthorization.IdentityAdminService, method, "acme", false), Does.Contain("need fleet-admin"));
        });
    }

    [Test]
    public void Decide_TenantAdminOtherTenant_RefusedNamingBoth() =>
        Assert.That(AdminAuthorization.Decide(Acme, AdminAuthorization.AdminService, "ListWorkloads", "globex", false),
            Is.EqualTo("tenant-admin of 'acme' may not read tenant 'globex'"));

    [TestCase(null, null, "acme")]
    [TestCase("", "", "acme")]
    [TestCase("", "globex", "globex")]
    [TestCase("globex", "acme", "globex")]
    public void TenantOf_TenantAdmin_FieldThenHeaderThenItsOwn(string? field, string? header, string expected) =>
        Assert.That(AdminAuthorization.TenantOf(Acme, field, header), Is.EqualTo(expected));

    [Test]
    public void TenantOf_FleetAdminOrDevNamingNone_Default() =>
        Assert.Multiple(() =>
        {
            Assert.That(AdminAuthorization.TenantOf(Fleet, "", null), Is.EqualTo("default"));
            Assert.That(AdminAuthorization.TenantOf(null, "", null), Is.EqualTo("default"));
        });

    [Test]
    public void Decide_TenantAdminOwnTenantWriteWithTenantField_Allowed() =>
        Assert.That(AdminAuthorization.Decide(Acme, AdminAuthorization.AdminService, "ApplyWorkload", "acme", true), Is.Null);

    [Test]
    public void Decide_TenantAdminWriteWithoutTenantField_Refused() =>
        Assert.That(AdminAuthorization.Decide(Acme, AdminAuthorization.AdminService, "ApplyWorkload", "acme", false), Does.Contain("carries no tenant"));

    [Test]
    public void IsGuarded_AgentAndEnrollmentServices_NotGuarded()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AdminAuthorization.IsGuarded("edge.v1.AgentService"), Is.False);
            Assert.That(AdminAuthorization.IsGuarded("edge.v1.EnrollmentService"), Is.False);
            Assert.That(AdminAuthorization.IsGuarded("edge.v1.AdminService"), Is.True);
        });
    }
}
