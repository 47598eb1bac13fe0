using Edge.Controller.Events;
using Edge.Controller.Identity;
using Edge.Controller.Tests.Tenancy;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Edge.Controller.Tests.Events;

/// <summary>
/// ListEvents and WatchEvents through the admin interceptor's authorisation over a real LiteDB
/// fleet store (<see cref="AdminWorld"/>): each tenant-admin sees its own tenant's events and
/// nothing else, in a list and in a watch; bad filters are refused by name.
/// </summary>
public sealed class EventsAdminApiTests
{
    private static readonly ByteString Module = ByteString.CopyFromUtf8("(module)");
    private AdminWorld _world = null!;

    private EventLog Log => _world.Fleet.Events;

    [SetUp]
    public async Task SetUp()
    {
        _world = new AdminWorld();
        foreach (var t in new[] { "acme", "globex" })
        {
            await _world.CallOkAsync<Tenant>(AdminWorld.FleetAdmin, new ApplyTenantRequest { Name = t, Quota = new TenantQuota { Replicas = 2 } });
        }

        _world.Fleet.Connect("n1", Records.Facts(), 0, [], "ipv4:10.0.0.7:51000");
        Assert.That(await CallAsync(TenantAdmin("acme"), new ApplyWorkloadRequest { Name = "web", Module = Module, Mode = WorkloadMode.Replicated, Replicas = 1 }), Does.StartWith("OK"));
        Assert.That(await CallAsync(TenantAdmin("globex"), new ApplyWorkloadRequest { Name = "web", Module = Module, Mode = WorkloadMode.Replicated, Replicas = 1 }), Does.StartWith("OK"));
        Assert.That(await CallAsync(TenantAdmin("globex"), new ApplyWorkloadRequest { Name = "big", Module = Module, Mode = WorkloadMode.Replicated, Replicas = 5 }), Does.StartWith("ResourceExhausted"));
    }

    [TearDown]
    public void TearDown() => _world.Dispose();

    private static AdminPrincipal FleetAdmin => AdminWorld.FleetAdmin;

    [Test]
    public async Task ListEvents_TenantAdmin_SeesOnlyItsOwnTenantsEvents()
    {
        foreach (var request in new[] { new ListEventsRequest(), new ListEventsRequest { AllTenants = true }, new ListEventsRequest { Tenant = "acme" } })
        {
            var events = await ListAsync(TenantAdmin("acme"), request);
            Assert.That(events, Is.Not.Empty);
            Assert.That(events.Select(e => e.Tenant), Is.All.EqualTo("acme"), request.ToString());
            Assert.That(events.Select(e => e.Reason), Does.Contain("Scheduled"));
        }

        Assert.That(await ListAsync(TenantAdmin("acme"), new ListEventsRequest { Kind = "Node" }), Is.Empty, "nodes are fleet-wide, not the tenant's");
        Assert.That(await CallAsync(TenantAdmin("acme"), new ListEventsRequest { Tenant = "globex" }), Does.StartWith("PermissionDenied"));
        Assert.That(await CallAsync(TenantAdmin("acme"), new ListEventsRequest(), tenantHeader: "globex"), Does.StartWith("PermissionDenied"));
    }

    [Test]
    public async Task ListEvents_FleetAdmin_SeesTheQuotaRefusalAndTheNodes()
    {
        var all = await ListAsync(FleetAdmin, new ListEventsRequest { AllTenants = true });
        Assert.That(all.Select(e => $"{e.Tenant}/{e.Kind}/{e.Name} {e.Reason}"), Does.Contain("globex/Workload/big QuotaExceeded").And.Contain("/Node/n1 NodeReady"));
        var quota = all.Single(e => e.Reason == "QuotaExceeded");
        Assert.That(quota.Type, Is.EqualTo("Warning"));
        Assert.That(quota.Message, Does.Contain("replicas"));

        var byDefault = await ListAsync(FleetAdmin, new ListEventsRequest());
        Assert.That(byDefault.Select(e => e.Tenant), Is.All.Empty.Or.EqualTo("default"), "the default tenant's and the fleet's");
        Assert.That(byDefault.Select(e => e.Kind), Does.Contain("Node"));

        var globexWeb = await ListAsync(FleetAdmin, new ListEventsRequest { Tenant = "globex", Kind = "workload", Name = "web" });
        Assert.That(globexWeb.Select(e => e.Name), Is.All.EqualTo("web"));
        Assert.That(globexWeb.Select(e => e.Tenant), Is.All.EqualTo("globex"));
    }

    [Test]
    public async Task WatchEvents_TenantAdmin_NeverSeesAnotherTenantsEvents()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var writer = new CollectingWriter();
        var watching = _world.WatchEventsAsync(TenantAdmin("acme"), new WatchEventsRequest { AllTenants = true }, writer, cts.Token);

        // Another tenant's and the fleet's changes, then one of acme's own as the marker.
        _world.Fleet.Connect("n2", Records.Facts(), 0, [], "ipv4:10.0.0.8:51000");
        Assert.That(await CallAsync(TenantAdmin("globex"), new ScaleWorkloadRequest { Name = "web", Replicas = 2 }), Does.StartWith("OK"));
        Assert.That(await CallAsync(TenantAdmin("acme"), new ScaleWorkloadRequest { Name = "web", Replicas = 2 }), Does.StartWith("OK"));
        Assert.That(Log.List(new EventFilter { AllTenants = true }, 1000).Events.Select(e => $"{e.Tenant}/{e.Name} {e.Reason}"), Does.Contain("acme/web Scaled"));
        await Eventually(() => writer.Events.Any(e => e.Reason == "Scaled") || watching.IsCompleted, cts.Token);
        Assert.That(watching.IsCompleted, Is.False, () => $"{watching.Exception} {string.Join(",", writer.Events.Select(e => e.Reason))}");
        await cts.CancelAsync();
        await watching;

        Assert.That(writer.Events.Select(e => e.Tenant), Is.All.EqualTo("acme"));
        Assert.That(writer.Events.Select(e => e.Reason), Does.Contain("Scheduled"), "the kept events come first");
        Assert.That(Log.Watches, Is.Zero, "the ended watch is gone");
    }

    [Test]
    public async Task WatchEvents_OtherTenant_IsRefusedAndOpensNoWatch()
    {
        var refused = Assert.ThrowsAsync<RpcException>(() => _world.WatchEventsAsync(TenantAdmin("acme"), new WatchEventsRequest { Tenant = "globex" }, new CollectingWriter(), CancellationToken.None));
        Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(Log.Watches, Is.Zero);
    }

    [TestCase("pod", "", "", 0, "kind 'pod' is not one of")]
    [TestCase("", "web", "", 0, "needs a kind")]
    [TestCase("Workload", "", "Error", 0, "type 'Error' is not Normal or Warning")]
    [TestCase("", "", "", -1, "limit -1 is out of range")]
    [TestCase("", "", "", 10_001, "limit 10001 is out of range")]
    public async Task ListEvents_BadFilter_RefusedByName(string kind, string name, string type, int limit, string expected)
    {
        var before = Log.Sequence;
        var line = await CallAsync(FleetAdmin, new ListEventsRequest { Kind = kind, Name = name, Type = type, Limit = limit });
        Assert.That(line, Does.StartWith("InvalidArgument").And.Contain(expected));
        Assert.That(Log.Sequence, Is.EqualTo(before));
    }

    [Test]
    public async Task ListEvents_NegativeSince_Refused()
    {
        var line = await CallAsync(FleetAdmin, new ListEventsRequest { Since = Duration.FromTimeSpan(TimeSpan.FromMinutes(-1)) });
        Assert.That(line, Does.StartWith("InvalidArgument").And.Contain("since"));
    }

    private static AdminPrincipal TenantAdmin(string tenant) => AdminWorld.TenantAdmin(tenant);

    private static async Task Eventually(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(20, ct);
        }
    }

    private async Task<List<Event>> ListAsync(AdminPrincipal principal, ListEventsRequest request)
    {
        var line = await CallAsync(principal, request);
        Assert.That(line, Does.StartWith("OK "), request.ToString());
        return [.. ListEventsResponse.Parser.ParseJson(line[3..]).Events];
    }

    private Task<string> CallAsync(AdminPrincipal principal, IMessage request, string? tenantHeader = null) => _world.CallAsync(principal, request, tenantHeader);

    private sealed class CollectingWriter : IServerStreamWriter<Event>
    {
        private readonly List<Event> _events = [];

        public List<Event> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(Event message, CancellationToken cancellationToken) => WriteAsync(message);

        public Task WriteAsync(Event message)
        {
            lock (_events)
            {
                _events.Add(message);
            }

            return Task.CompletedTask;
        }
    }
}
