using Edge.Controller.Events;
using Edge.Controller.Fleet;
using Edge.Controller.Grpc;
using Edge.Controller.Hosting;
using Edge.Controller.Identity;
using Edge.Controller.Store;
using Edge.Controller.Telemetry;
using Edge.Controller.Tests.Tenancy;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Edge.Controller.Tests.Events;

/// <summary>
/// ListEvents and WatchEvents through the admin interceptor's authorisation over a real LiteDB
/// fleet store: each tenant-admin sees its own tenant's events and nothing else, in a list and
/// in a watch; bad filters are refused by name.
/// </summary>
public sealed class EventsAdminApiTests
{
    private static readonly ByteString Module = ByteString.CopyFromUtf8("(module)");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private string _dir = "";
    private LiteDbFleetStore _store = null!;
    private ServiceProvider _services = null!;
    private AdminGrpcService _service = null!;
    private AdminAuthInterceptor _interceptor = null!;
    private EventLog _events = null!;
    private FleetState _fleet = null!;

    [SetUp]
    public async Task SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-events-api-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        _store = new LiteDbFleetStore(Path.Combine(_dir, "fleet.db"));
        _events = new EventLog(_store, _time, MsOptions.Create(new EventOptions()), NullLogger<EventLog>.Instance);
        var options = MsOptions.Create(new ControllerOptions { NodeGracePeriod = FleetHarness.Grace });
        _fleet = new FleetState(_store, _time, options, NullLogger<FleetState>.Instance, _events);
        _services = new ServiceCollection().AddSingleton<TimeProvider>(_time).BuildServiceProvider();
        _service = new AdminGrpcService(_fleet, _store, new ModuleCompiler(), NullLogger<AdminGrpcService>.Instance,
            new TelemetrySeriesStore(options), new IdentityAccess(_services, options), _services);
        _interceptor = new AdminAuthInterceptor(options, _services, NullLogger<AdminAuthInterceptor>.Instance);
        foreach (var t in new[] { "acme", "globex" })
        {
            await CallAsync(FleetAdmin, new ApplyTenantRequest { Name = t, Quota = new TenantQuota { Replicas = 2 } });
        }

        _fleet.Connect("n1", Records.Facts(), 0, [], "ipv4:10.0.0.7:51000");
        Assert.That(await CallAsync(TenantAdmin("acme"), new ApplyWorkloadRequest { Name = "web", Module = Module, Mode = WorkloadMode.Replicated, Replicas = 1 }), Does.StartWith("OK"));
        Assert.That(await CallAsync(TenantAdmin("globex"), new ApplyWorkloadRequest { Name = "web", Module = Module, Mode = WorkloadMode.Replicated, Replicas = 1 }), Does.StartWith("OK"));
        Assert.That(await CallAsync(TenantAdmin("globex"), new ApplyWorkloadRequest { Name = "big", Module = Module, Mode = WorkloadMode.Replicated, Replicas = 5 }), Does.StartWith("ResourceExhausted"));
    }

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
        var principal = TenantAdmin("acme");
        var request = new WatchEventsRequest { AllTenants = true };
        var context = new TestCallContext($"/{AdminAuthorization.AdminService}/WatchEvents", [], cts.Token);
        _interceptor.AuthorizeAs(principal, request, context, AdminAuthorization.AdminService, "WatchEvents");
        var watching = _service.WatchEvents(request, writer, context);

        // Another tenant's and the fleet's changes, then one of acme's own as the marker.
        _fleet.Connect("n2", Records.Facts(), 0, [], "ipv4:10.0.0.8:51000");
        Assert.That(await CallAsync(TenantAdmin("globex"), new ScaleWorkloadRequest { Name = "web", Replicas = 2 }), Does.StartWith("OK"));
        Assert.That(await CallAsync(TenantAdmin("acme"), new ScaleWorkloadRequest { Name = "web", Replicas = 2 }), Does.StartWith("OK"));
        Assert.That(_events.List(new EventFilter { AllTenants = true }, 1000).Events.Select(e => $"{e.Tenant}/{e.Name} {e.Reason}"), Does.Contain("acme/web Scaled"));
        await Eventually(() => writer.Events.Any(e => e.Reason == "Scaled") || watching.IsCompleted, cts.Token);
        Assert.That(watching.IsCompleted, Is.False, () => $"{watching.Exception} {string.Join(",", writer.Events.Select(e => e.Reason))}");
        await cts.CancelAsync();
        await watching;

        Assert.That(writer.Events.Select(e => e.Tenant), Is.All.EqualTo("acme"));
        Assert.That(writer.Events.Select(e => e.Reason), Does.Contain("Scheduled"), "the kept events come first");
        Assert.That(_events.Watches, Is.Zero, "the ended watch is gone");
    }

    [Test]
    public async Task WatchEvents_OtherTenant_IsRefusedAndOpensNoWatch()
    {
        var line = await CallAsync(TenantAdmin("acme"), new WatchEventsRequest { Tenant = "globex" });
        Assert.That(line, Does.StartWith("PermissionDenied"));
        Assert.That(_events.Watches, Is.Zero);
    }

    [TestCase("pod", "", "", 0, "kind 'pod' is not one of")]
    [TestCase("", "web", "", 0, "needs a kind")]
    [TestCase("Workload", "", "Error", 0, "type 'Error' is not Normal or Warning")]
    [TestCase("", "", "", -1, "limit -1 is out of range")]
    [TestCase("", "", "", 10_001, "limit 10001 is out of range")]
    public async Task ListEvents_BadFilter_RefusedByName(string kind, string name, string type, int limit, string expected)
    {
        var before = _events.Sequence;
        var line = await CallAsync(FleetAdmin, new ListEventsRequest { Kind = kind, Name = name, Type = type, Limit = limit });
        Assert.That(line, Does.StartWith("InvalidArgument").And.Contain(expected));
        Assert.That(_events.Sequence, Is.EqualTo(before));
    }

    [Test]
    public async Task ListEvents_NegativeSince_Refused()
    {
        var line = await CallAsync(FleetAdmin, new ListEventsRequest { Since = Duration.FromTimeSpan(TimeSpan.FromMinutes(-1)) });
        Assert.That(line, Does.StartWith("InvalidArgument").And.Contain("since"));
    }

    private static AdminPrincipal FleetAdmin { get; } = new("fleet", AdminRole.FleetAdmin, "");

    [TearDown]
    public void TearDown()
    {
        _services.Dispose();
        _store.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static AdminPrincipal TenantAdmin(string tenant) => new("ta-" + tenant, AdminRole.TenantAdmin, tenant);

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

    private async Task<string> CallAsync(AdminPrincipal principal, IMessage request, string? tenantHeader = null)
    {
        var method = request.Descriptor.Name[..^"Request".Length];
        var headers = new Metadata();
        if (tenantHeader is not null)
        {
            headers.Add(AdminAuthInterceptor.TenantHeader, tenantHeader);
        }

        var context = new TestCallContext($"/{AdminAuthorization.AdminService}/{method}", headers);
        try
        {
            _interceptor.AuthorizeAs(principal, request, context, AdminAuthorization.AdminService, method);
            IMessage answer = request switch
            {
                ApplyTenantRequest r => await _service.ApplyTenant(r, context),
                ApplyWorkloadRequest r => await _service.ApplyWorkload(r, context),
                ScaleWorkloadRequest r => await _service.ScaleWorkload(r, context),
                ListEventsRequest r => await _service.ListEvents(r, context),
                WatchEventsRequest r => await WatchOnceAsync(r, context),
                _ => throw new ArgumentException(request.Descriptor.Name, nameof(request)),
            };
            return $"OK {answer}";
        }
        catch (RpcException ex)
        {
            return $"{ex.StatusCode}: {ex.Status.Detail}";
        }
    }

    private async Task<IMessage> WatchOnceAsync(WatchEventsRequest request, ServerCallContext context)
    {
        await _service.WatchEvents(request, new CollectingWriter(), context);
        return new Empty();
    }

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
