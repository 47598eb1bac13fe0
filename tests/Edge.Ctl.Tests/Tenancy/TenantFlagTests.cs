using Edge.Ctl.Output;
using Edge.Ctl.Tests.Support;
using Edge.Protos.V1;

namespace Edge.Ctl.Tests.Tenancy;

/// <summary><c>--tenant/-t</c> and <c>--all-tenants/-A</c> against a real gRPC server on loopback.</summary>
[TestFixture]
[NonParallelizable]
public sealed class TenantFlagTests : AdminServerFixture
{
    [Test]
    public async Task GetWorkloads_TenantAndAllTenants_SentInTheRequest()
    {
        var one = await CtlRun.RunAsync("get", "workloads", "-t", "acme", "--controller", Server.Address);
        var all = await CtlRun.RunAsync("get", "workloads", "-A", "--controller", Server.Address);
        var none = await CtlRun.RunAsync("get", "workloads", "--controller", Server.Address);

        Assert.Multiple(() =>
        {
            Assert.That((one.ExitCode, all.ExitCode, none.ExitCode), Is.EqualTo((0, 0, 0)), one + all.ToString() + none);
            Assert.That(Fake.Listed.Select(r => (r.Tenant, r.AllTenants)), Is.EqualTo(new[] { ("acme", false), ("", true), ("", false) }));
        });
    }

    [Test]
    public async Task Resize_Tenant_SentWithTheName()
    {
        var run = await CtlRun.RunAsync("resize", "workload", "web", "--tenant", "globex", "--cpu", "100m", "--controller", Server.Address);

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That((Fake.Resized.Single().Name, Fake.Resized.Single().Tenant), Is.EqualTo(("web", "globex")));
    }

    [Test]
    public async Task Tenant_NotADnsLabel_UsageErrorAndNoCall()
    {
        var run = await CtlRun.RunAsync("resize", "workload", "web", "-t", "Acme.x", "--cpu", "100m", "--controller", Server.Address);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Does.Contain("--tenant 'Acme.x' is not a tenant name"));
            Assert.That(Fake.Resized, Is.Empty);
        });
    }

    [Test]
    public async Task Apply_ManifestWithoutTenant_TakesTheFlag()
    {
        using var dir = new TempDirectory();
        var manifest = dir.Write("web.yaml", "apiVersion: edge/v1\nkind: Workload\nmetadata: {name: web}\nspec: {module: web.wat, replicas: 2}\n");
        dir.Write("web.wat", "(module)");

        var run = await CtlRun.RunAsync("apply", "-f", manifest, "-t", "acme", "--controller", Server.Address);

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(Fake.Applied.Single().Tenant, Is.EqualTo("acme"));
    }

    [Test]
    public async Task Apply_ManifestNamingAnotherTenant_RefusedBeforeAnyCall()
    {
        using var dir = new TempDirectory();
        var manifest = dir.Write("web.yaml", "apiVersion: edge/v1\nkind: Workload\nmetadata: {name: web}\nspec: {module: web.wat, tenant: globex}\n");
        dir.Write("web.wat", "(module)");

        var run = await CtlRun.RunAsync("apply", "-f", manifest, "-t", "acme", "--controller", Server.Address);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage), run.ToString());
            Assert.That(run.Error, Does.Contain("workload web: spec.tenant 'globex' does not match --tenant 'acme'"));
            Assert.That(Fake.Applied, Is.Empty);
        });
    }

    [Test]
    public void TopWorkloads_AllTenants_TenantColumnAndJsonField()
    {
        WorkloadUsage[] rows = [new() { Name = "web", Tenant = "acme", Nodes = 1 }, new() { Name = "web", Tenant = "globex", Nodes = 1 }];
        using var table = new StringWriter();
        using var json = new StringWriter();

        TopFormatter.WriteWorkloads(rows, OutputFormat.Table, table, allTenants: true);
        TopFormatter.WriteWorkloads(rows, OutputFormat.Json, json);

        var lines = table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.StartWith("TENANT"));
            Assert.That(lines.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]), Is.EqualTo(new[] { "acme", "globex" }));
            Assert.That(json.ToString(), Does.Contain("\"tenant\": \"globex\""));
        });
    }
}
