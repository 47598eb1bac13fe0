using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Edge.Ctl.Tests.Support;

/// <summary>Hosts <see cref="FakeAdminService"/> on Kestrel, loopback, plain-text HTTP/2 (h2c), a free port.</summary>
internal sealed class AdminServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private AdminServer(WebApplication app, FakeAdminService service, string address)
    {
        this.app = app;
        Service = service;
        Address = address;
    }

    public FakeAdminService Service { get; }

    /// <summary>e.g. http://127.0.0.1:41234.</summary>
    public string Address { get; }

    public static async Task<AdminServer> StartAsync()
    {
        var service = new FakeAdminService();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<FakeAdminService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        return new AdminServer(app, service, address);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
