using System.Net;
using Edge.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Edge.IntegrationTests.Identity;

/// <summary>
/// Tenants as namespaces against a real mtls controller, a real agent and real admin tokens:
/// a tenant-admin of acme applying globex's or the default tenant's names gets its own objects
/// (item 1 of the trust-boundary report), and every admin call on another tenant's objects
/// answers exactly as for a name nobody uses (item 2). State is compared before and after.
/// </summary>
[TestFixture]
public sealed class TenantAttackTests : SecureFleetFixture
{
    private const string Node = "tenants-1";
    private int _statusPort;
    private string _acme = "";
    private string _globex = "";

    [OneTimeSetUp]
    public async Task SetUpTenantsAsync()
    {
        var admin = Fleet.AdminToken;
        foreach (var tenant in new[] { "acme", "globex" })
        {
            await Fleet.Admin().ApplyTenantAsync(new ApplyTenantRequest { Name = tenant }, SecureFleet.Call(admin));
        }

        _acme = await AdminTokenAsync("tenant-admin", "acme");
        _globex = await AdminTokenAsync("tenant-admin", "globex");
        var hello = await ModuleAsync("hello/hello.wat");

        // The default tenant's global hello, applied by the fleet-admin as the README does.
        await Fleet.Admin().ApplyWorkloadAsync(Http(new ApplyWorkloadRequest { Name = "hello", Module = hello }), SecureFleet.Call(admin));

        // globex's own web and db, with an autoscaler, by globex's tenant-admin (no tenant named: its own).
        await Fleet.Admin().ApplyWorkloadAsync(Http(new ApplyWorkloadRequest { Name = "web", Module = hello, Replicas = 1, Env = { ["OWNER"] = "globex" } }), SecureFleet.Call(_globex));
        await Fleet.Admin().ApplyWorkloadAsync(new ApplyWorkloadRequest { Name = "db", Module = hello, Replicas = 1 }, SecureFleet.Call(_globex));
        await Fleet.Admin().ApplyAutoscalerAsync(new ApplyAutoscalerRequest { Name = "db", Spec = new AutoscalerSpec { Workload = "db", MinReplicas = 1, MaxReplicas = 2 } }, SecureFleet.Call(_globex));

        _statusPort = Ports.Free();
        // On a loaded machine an enrollment call can outlive its deadline: the token allows a retry.
        var token = await Fleet.CreateTokenAsync(uses: 3);
        var (code, output) = await Fleet.EnrollWithTokenAsync(Node, token);
        for (var attempt = 1; attempt < 3 && code != 0 && output.Contains("(Cancelled)", StringComparison.Ordinal); attempt++)
        {
            (code, output) = await Fleet.EnrollWithTokenAsync(Node, token);
        }

        Assert.That(code, Is.Zero, output);
        Fleet.StartAgent(Node, _statusPort);
        await Eventually.Until(Fleet.NodesAsync, n => n.Any(x => x.Name == Node && Runs(x, "hello") && Runs(x, "web.globex")),
            TimeSpan.FromSeconds(60), "the node runs hello and globex's web");
    }

    [Test]
    public async Task Apply_AcmeWebWhileGlobexHasWeb_BothRunSeparately_GlobexUnchanged()
    {
        var before = await SnapshotAsync("globex");
        var defaultBefore = await SnapshotAsync("default");
        var echo = await ModuleAsync("echo/echo.wat");

        var applied = await Fleet.Admin().ApplyWorkloadAsync(Http(new ApplyWorkloadRequest { Name = "web", Module = echo, Replicas = 1 }), SecureFleet.Call(_acme));
        var node = await Eventually.Until(Fleet.NodesAsync, n => n.Any(x => x.Name == Node && Runs(x, "web.acme")), TimeSpan.FromSeconds(60), "acme's web runs beside globex's");
        var all = await Fleet.Admin().ListWorkloadsAsync(new ListWorkloadsRequest { AllTenants = true }, SecureFleet.Call(Fleet.AdminToken));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var acmeWeb = await http.GetAsync(new Uri($"http://127.0.0.1:{_statusPort}/w/web.acme"));
        var globexWeb = await http.GetStringAsync(new Uri($"http://127.0.0.1:{_statusPort}/w/web.globex"));
        var defaultHello = await http.GetStringAsync(new Uri($"http://127.0.0.1:{_statusPort}/w/hello"));
        var bareWeb = await http.GetAsync(new Uri($"http://127.0.0.1:{_statusPort}/w/web"));

        Assert.Multiple(async () =>
        {
            Assert.That(applied.Changed, Is.True);
            Assert.That(all.Workloads.Select(w => (w.Tenant, w.Name)), Is.SupersetOf(new[] { ("acme", "web"), ("globex", "web"), ("default", "hello") }));
            Assert.That(all.Workloads.Single(w => w.Tenant == "acme" && w.Name == "web").ModuleDigest, Is.EqualTo(applied.ModuleDigest));
            Assert.That(await SnapshotAsync("globex"), Is.EqualTo(before), "globex's module, spec and replicas are unchanged");
            Assert.That(await SnapshotAsync("default"), Is.EqualTo(defaultBefore));
            Assert.That(node.Single(x => x.Name == Node).Workloads.Select(w => w.Name), Is.SupersetOf(new[] { "hello", "web.acme", "web.globex" }));
            Assert.That(acmeWeb.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(globexWeb, Does.Contain("hello from edge"));
            Assert.That(defaultHello, Does.Contain("hello from edge"));
            Assert.That(bareWeb.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no default-tenant web exists");
        });
    }

    [Test]
    public async Task EveryCall_AcmeOnDefaultAndGlobexObjects_AnswersAsForANameNobodyUses_NothingChanged()
    {
        var globexBefore = await SnapshotAsync("globex");
        var defaultBefore = await SnapshotAsync("default");

        var differences = new List<string>();
        foreach (var (name, tenant) in new[] { ("hello", ""), ("hello", "default"), ("db", ""), ("db", "globex"), ("web", "globex") })
        {
            foreach (var call in Calls(name, tenant))
            {
                var attack = await OutcomeAsync(call.Invoke(name));
                var nobody = (await OutcomeAsync(call.Invoke("nobody-uses"))).Replace("nobody-uses", name, StringComparison.Ordinal);
                if (attack != nobody)
                {
                    differences.Add($"{call.Method} {name} (tenant '{tenant}'): {attack} | for an unused name: {nobody}");
                }
            }
        }

        var lists = new[]
        {
            (await Fleet.Admin().ListWorkloadsAsync(new ListWorkloadsRequest { AllTenants = true }, SecureFleet.Call(_acme))).Workloads.Select(w => w.Tenant),
            (await Fleet.Admin().ListAutoscalersAsync(new ListAutoscalersRequest { AllTenants = true }, SecureFleet.Call(_acme))).Autoscalers.Select(a => a.Tenant),
            (await Fleet.Admin().TopWorkloadsAsync(new TopWorkloadsRequest { AllTenants = true }, SecureFleet.Call(_acme))).Workloads.Select(w => w.Tenant),
            (await Fleet.Admin().ListTenantsAsync(new ListTenantsRequest(), SecureFleet.Call(_acme))).Tenants.Select(t => t.Name),
        };
        var nodes = await Fleet.Admin().ListNodesAsync(new ListNodesRequest(), SecureFleet.Call(_acme));
        var node = await Fleet.Admin().GetNodeAsync(new GetNodeRequest { Name = Node }, SecureFleet.Call(_acme));
        var viewer = await Fleet.Admin().ListWorkloadsAsync(new ListWorkloadsRequest { AllTenants = true }, SecureFleet.Call(await AdminTokenAsync("viewer")));

        Assert.Multiple(async () =>
        {
            Assert.That(differences, Is.Empty);
            Assert.That(lists.SelectMany(l => l).Distinct(), Is.SubsetOf(new[] { "acme" }), "acme's lists hold only acme's objects");
            Assert.That(nodes.Nodes.Single(n => n.Name == Node).Workloads.Select(w => w.Name), Is.All.EndsWith(".acme"));
            Assert.That(node.Workloads.Select(w => w.Name), Is.All.EndsWith(".acme"));
            Assert.That(viewer.Workloads.Select(w => w.Tenant).Distinct(), Is.SupersetOf(new[] { "default", "globex" }), "a viewer still sees every tenant");
            Assert.That(await SnapshotAsync("globex"), Is.EqualTo(globexBefore));
            Assert.That(await SnapshotAsync("default"), Is.EqualTo(defaultBefore));
        });
    }

    [Test]
    public async Task GetLogs_OwnTenantsWorkload_ReadsItsLinesAndNoOtherTenantsWorkloadOfThatName()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var answer = await http.GetAsync($"http://127.0.0.1:{_statusPort}/w/web.globex");
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var own = await Eventually.Until(
            async () => await Fleet.Admin().GetLogsAsync(new GetLogsRequest { Workload = "web" }, SecureFleet.Call(_globex)),
            r => r.Lines.Any(l => l.Line.Text == "hello from edge"), TimeSpan.FromSeconds(30), "globex reads web's line");
        // acme's own "web" (another test may have made one) or none: never globex's lines.
        var acmeOwnName = await OutcomeAsync(Task.Run(async () => (await Fleet.Admin().GetLogsAsync(new GetLogsRequest { Workload = "web" }, SecureFleet.Call(_acme))).ToString()));
        var acmeNamingGlobex = Assert.ThrowsAsync<RpcException>(async () => await Fleet.Admin().GetLogsAsync(new GetLogsRequest { Workload = "web", Tenant = "globex" }, SecureFleet.Call(_acme)));

        Assert.Multiple(() =>
        {
            Assert.That(own.Lines.Select(l => l.Node).Distinct(), Is.EqualTo(new[] { Node }));
            Assert.That(own.Errors, Is.Empty);
            Assert.That(acmeOwnName, Does.Not.Contain("hello from edge"), "acme reads no line of globex's web");
            Assert.That(acmeNamingGlobex!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        });
    }

    /// <summary>Every admin call that takes a workload or autoscaler name, as acme's tenant-admin, naming <paramref name="tenant"/> (empty = none).</summary>
    private IEnumerable<(string Method, Func<string, Task<string>> Invoke)> Calls(string name, string tenant)
    {
        var admin = Fleet.Admin();
        var call = SecureFleet.Call(_acme);
        var module = ByteString.CopyFromUtf8("(module)");
        yield return ("ExplainWorkload", async n => (await admin.ExplainWorkloadAsync(new ExplainWorkloadRequest { Name = n, Tenant = tenant }, call)).ToString());
        yield return ("ListWorkloads", async n => (await admin.ListWorkloadsAsync(new ListWorkloadsRequest { Tenant = tenant }, call)).Workloads.Any(w => w.Name == n).ToString());
        yield return ("ScaleWorkload", async n => (await admin.ScaleWorkloadAsync(new ScaleWorkloadRequest { Name = n, Tenant = tenant, Replicas = 0 }, call)).ToString());
        yield return ("ResizeWorkload", async n => (await admin.ResizeWorkloadAsync(new ResizeWorkloadRequest { Name = n, Tenant = tenant, CpuMillicores = 5 }, call)).ToString());
        yield return ("RecommendWorkload", async n => (await admin.RecommendWorkloadAsync(new RecommendWorkloadRequest { Name = n, Tenant = tenant }, call)).ToString());
        yield return ("TopWorkloads", async n => (await admin.TopWorkloadsAsync(new TopWorkloadsRequest { Tenant = tenant }, call)).Workloads.Any(w => w.Name == n).ToString());
        yield return ("GetLogs", async n => (await admin.GetLogsAsync(new GetLogsRequest { Workload = n, Tenant = tenant }, call)).ToString());
        yield return ("QuerySeries", async n => (await admin.QuerySeriesAsync(new QuerySeriesRequest { Node = Node, Workload = n, Tenant = tenant }, call)).ToString());
        yield return ("ApplyAutoscaler", async n => (await admin.ApplyAutoscalerAsync(new ApplyAutoscalerRequest { Name = n, Tenant = tenant, Spec = new AutoscalerSpec { Workload = n, MinReplicas = 1, MaxReplicas = 5 } }, call)).ToString());
        yield return ("ListAutoscalers", async n => (await admin.ListAutoscalersAsync(new ListAutoscalersRequest { Tenant = tenant }, call)).Autoscalers.Any(a => a.Name == n).ToString());
        yield return ("ExplainAutoscaler", async n => (await admin.ExplainAutoscalerAsync(new ExplainAutoscalerRequest { Name = n, Tenant = tenant }, call)).ToString());
        yield return ("DeleteAutoscaler", async n => (await admin.DeleteAutoscalerAsync(new DeleteAutoscalerRequest { Name = n, Tenant = tenant }, call)).ToString());
        yield return ("DeleteWorkload", async n => (await admin.DeleteWorkloadAsync(new DeleteWorkloadRequest { Name = n, Tenant = tenant }, call)).ToString());

        // Last, and undone at once: with no tenant named it makes acme's own object of that name, as for any name.
        yield return ("ApplyWorkload", async n => (await admin.ApplyWorkloadAsync(new ApplyWorkloadRequest { Name = n, Tenant = tenant, Module = module, Replicas = 3 }, call)).ToString());
        yield return ("DeleteWorkload again", async n => (await admin.DeleteWorkloadAsync(new DeleteWorkloadRequest { Name = n, Tenant = tenant }, call)).ToString());
    }

    /// <summary>A call's answer, or its status and message, as one line.</summary>
    private static async Task<string> OutcomeAsync(Task<string> call)
    {
        try
        {
            return "OK " + await call;
        }
        catch (RpcException ex)
        {
            return $"{ex.StatusCode}: {ex.Status.Detail}";
        }
    }

    /// <summary>What a fleet-admin sees of a tenant's objects, without the figures that move as replicas start.</summary>
    private async Task<string> SnapshotAsync(string tenant)
    {
        var call = SecureFleet.Call(Fleet.AdminToken);
        var workloads = await Fleet.Admin().ListWorkloadsAsync(new ListWorkloadsRequest { Tenant = tenant }, call);
        var autoscalers = await Fleet.Admin().ListAutoscalersAsync(new ListAutoscalersRequest { Tenant = tenant }, SecureFleet.Call(Fleet.AdminToken));
        return string.Join("\n", workloads.Workloads.OrderBy(w => w.Name, StringComparer.Ordinal)
            .Select(w => $"{w.Tenant}/{w.Name} {w.ModuleDigest} {w.Mode} {w.ReplicasDesired} {w.Requests} {w.Priority} {w.Strategy}")
            .Concat(autoscalers.Autoscalers.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => $"{a.Tenant}/{a.Name} {a.Spec}")));
    }

    private static bool Runs(Node node, string workload) =>
        node.Condition == NodeCondition.Ready && node.Workloads.Any(w => w.Name == workload && w.Phase == WorkloadPhase.Running);

    private static ApplyWorkloadRequest Http(ApplyWorkloadRequest request)
    {
        request.Triggers.Add(new Trigger { Kind = TriggerKind.Http });
        return request;
    }

    private static async Task<ByteString> ModuleAsync(string sample) => ByteString.CopyFrom(await File.ReadAllBytesAsync(Repo.Sample(sample)));

    private async Task<string> AdminTokenAsync(string role, string tenant = "") =>
        (await Fleet.IdentityAdmin().CreateAdminTokenAsync(new CreateAdminTokenRequest { Role = role, Tenant = tenant }, SecureFleet.Call(Fleet.AdminToken))).Token;
}
