using Edge.Controller.Autoscaling;
using Edge.Controller.Fleet;
using Edge.Controller.Grpc;
using Edge.Controller.Hosting;
using Edge.Controller.Identity;
using Edge.Controller.Store;
using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Edge.Controller.Tests.Tenancy;

/// <summary>
/// The admin API in process over a real LiteDB fleet store: each call goes through the
/// interceptor's authorisation for a principal, then the service, and comes back as one line
/// (the answer, or the status and its message), so two worlds' answers can be compared.
/// </summary>
internal sealed class AdminWorld : IDisposable
{
    private static readonly ModuleCompiler Compiler = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "edge-tenancy-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly LiteDbFleetStore _store;
    private readonly ServiceProvider _services;
    private readonly AdminGrpcService _service;
    private readonly AdminAuthInterceptor _interceptor;

    public AdminWorld()
    {
        Directory.CreateDirectory(_dir);
        _store = new LiteDbFleetStore(Path.Combine(_dir, "fleet.db"));
        Fleet = FleetHarness.NewFleet(_store, Time);
        Series = new TelemetrySeriesStore(MsOptions.Create(new ControllerOptions()));
        var autoscalers = new HorizontalAutoscalers(_store, Fleet, Series, Time, MsOptions.Create(new HorizontalAutoscalingOptions()), NullLogger<HorizontalAutoscalers>.Instance);
        _services = new ServiceCollection()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton(autoscalers)
            .BuildServiceProvider();
        var options = MsOptions.Create(new ControllerOptions());
        _service = new AdminGrpcService(Fleet, _store, Compiler, NullLogger<AdminGrpcService>.Instance, Series, new IdentityAccess(_services, options), _services);
        _interceptor = new AdminAuthInterceptor(options, _services, NullLogger<AdminAuthInterceptor>.Instance);
    }

    public static AdminPrincipal FleetAdmin { get; } = new("fleet", AdminRole.FleetAdmin, "");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public FleetState Fleet { get; }

    public TelemetrySeriesStore Series { get; }

    public static AdminPrincipal TenantAdmin(string tenant) => new("ta-" + tenant, AdminRole.TenantAdmin, tenant);

    /// <summary>Calls the method the request is for (ListWorkloadsRequest → ListWorkloads) as <paramref name="principal"/>.</summary>
    public async Task<string> CallAsync(AdminPrincipal principal, IMessage request, string? tenantHeader = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(request);
        var copy = request.Descriptor.Parser.ParseFrom(request.ToByteString());
        var method = copy.Descriptor.Name[..^"Request".Length];
        var headers = new Metadata();
        if (tenantHeader is not null)
        {
            headers.Add(AdminAuthInterceptor.TenantHeader, tenantHeader);
        }

        var context = new TestCallContext($"/{AdminAuthorization.AdminService}/{method}", headers);
        try
        {
            _interceptor.AuthorizeAs(principal, copy, context, AdminAuthorization.AdminService, method);
            var answer = await InvokeAsync(copy, context);
            return $"OK {answer}";
        }
        catch (RpcException ex)
        {
            return $"{ex.StatusCode}: {ex.Status.Detail}";
        }
    }

    /// <summary>Follows WatchEvents as <paramref name="principal"/> into <paramref name="writer"/> until <paramref name="cancellation"/> ends it; a refusal throws.</summary>
    public Task WatchEventsAsync(AdminPrincipal principal, WatchEventsRequest request, IServerStreamWriter<Event> writer, CancellationToken cancellation)
    {
        var context = new TestCallContext($"/{AdminAuthorization.AdminService}/WatchEvents", [], cancellation);
        _interceptor.AuthorizeAs(principal, request, context, AdminAuthorization.AdminService, "WatchEvents");
        return _service.WatchEvents(request, writer, context);
    }

    /// <summary>The answer as its message, for assertions on its fields.</summary>
    public async Task<T> CallOkAsync<T>(AdminPrincipal principal, IMessage request)
        where T : IMessage<T>, new()
    {
        var line = await CallAsync(principal, request);
        Assert.That(line, Does.StartWith("OK "), $"{request.Descriptor.Name} {request}");
        return new MessageParser<T>(() => new T()).ParseJson(line[3..]);
    }

    public void Dispose()
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

    private async Task<IMessage> InvokeAsync(IMessage request, ServerCallContext context) => request switch
    {
        ApplyWorkloadRequest r => await _service.ApplyWorkload(r, context),
        ListWorkloadsRequest r => await _service.ListWorkloads(r, context),
        ScaleWorkloadRequest r => await _service.ScaleWorkload(r, context),
        DeleteWorkloadRequest r => await _service.DeleteWorkload(r, context),
        ExplainWorkloadRequest r => await _service.ExplainWorkload(r, context),
        ResizeWorkloadRequest r => await _service.ResizeWorkload(r, context),
        RecommendWorkloadRequest r => await _service.RecommendWorkload(r, context),
        TopWorkloadsRequest r => await _service.TopWorkloads(r, context),
        QuerySeriesRequest r => await _service.QuerySeries(r, context),
        ApplyAutoscalerRequest r => await _service.ApplyAutoscaler(r, context),
        ListAutoscalersRequest r => await _service.ListAutoscalers(r, context),
        DeleteAutoscalerRequest r => await _service.DeleteAutoscaler(r, context),
        ExplainAutoscalerRequest r => await _service.ExplainAutoscaler(r, context),
        ListTenantsRequest r => await _service.ListTenants(r, context),
        ApplyTenantRequest r => await _service.ApplyTenant(r, context),
        ListNodesRequest r => await _service.ListNodes(r, context),
        GetNodeRequest r => await _service.GetNode(r, context),
        ListEventsRequest r => await _service.ListEvents(r, context),
        _ => throw new ArgumentException($"no admin method for {request.Descriptor.Name}", nameof(request)),
    };
}
