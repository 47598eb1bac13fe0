using System.Net;
using Edge.Controller.Autoscaling;
using Edge.Controller.Events;
using Edge.Controller.Fleet;
using Edge.Controller.Grpc;
using Edge.Controller.Identity;
using Edge.Controller.Rollouts;
using Edge.Controller.Store;
using Edge.Controller.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Edge.Shared;
using Microsoft.Extensions.Options;
using Serilog;

namespace Edge.Controller.Hosting;

/// <summary>edge-controller run|dev [options]: the host, its services and its start-up errors.</summary>
internal static class ControllerProgram
{
    /// <summary>How long stopping may take before the host gives up on what still runs (then the stores are closed).</summary>
    internal static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(4);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new System.CommandLine.RootCommand("edge-controller: knows every node, places and scales workloads, explains every decision");
        foreach (var (name, description, dev) in (ReadOnlySpan<(string, string, bool)>)[
            ("run", "serve the fleet (gRPC agent + admin API, embedded MQTT broker, LiteDB store)", false),
            ("dev", "the same, with data in ./.edge/controller unless --data-dir is given", true)])
        {
            var command = new ControllerCommandLine(name, description);
            command.Command.SetAction(async (result, _) =>
            {
                var (settings, error) = command.ToArguments(result);
                if (error is not null)
                {
                    await Console.Error.WriteLineAsync($"error: {error}");
                    return 2;
                }

                return await ServeAsync(dev, settings);
            });
            root.Subcommands.Add(command.Command);
        }

        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<int> ServeAsync(bool dev, string[] rest)
    {
        try
        {
            var app = Build(dev, rest);
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"error: invalid configuration: {string.Join("; ", ex.Failures)}");
            return 1;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or ArgumentException or OverflowException)
        {
            // Configuration binding of a value of the wrong type (e.g. --grace soon).
            await Console.Error.WriteLineAsync($"error: invalid configuration: {ex.Message} {ex.InnerException.Message}");
            return 1;
        }
        catch (FleetStoreException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"error: cannot listen: {ex.Message}");
            return 1;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("embedded MQTT broker", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    internal static WebApplication Build(bool dev, string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("EDGE_");
        if (dev)
        {
            builder.Configuration.AddInMemoryCollection([new("Controller:DataDir", Path.GetFullPath(".edge/controller"))]);
        }

        builder.Configuration.AddCommandLine(args, ControllerCommandLine.Switches);
        EdgeLogging.Configure(builder, "edge-controller");

        builder.Services.AddOptions<ControllerOptions>().BindConfiguration(ControllerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ControllerOptions>, ControllerOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<ControllerOptions>, NodeHealthOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownBound); // SIGTERM → exit within 5 s, stores flushed after
        builder.Services.AddSingleton<IFleetStore>(sp =>
            new LiteDbFleetStore(Path.Combine(sp.GetRequiredService<IOptions<ControllerOptions>>().Value.DataDir, "fleet.db")));
        builder.Services.AddSingleton<FleetState>();
        builder.Services.AddSingleton<ModuleCompiler>();
        builder.Services.AddSingleton<MqttEndpoint>();
        builder.Services.AddSingleton<TelemetryIngest>();
        builder.Services.AddSingleton<TelemetryAcknowledgements>();
        builder.Services.AddSingleton<Edge.Controller.Grpc.NodeLogRelay>();
        builder.Services.AddSingleton(TelemetryWatermarks.InDataDir);
        builder.Services.AddSingleton<TelemetrySeriesStore>();
        builder.Services.AddSingleton<BrokerRefusals>();
        builder.Services.AddHostedService<EmbeddedBroker>();
        builder.Services.AddHostedService<ExternalBrokerIngest>();
        builder.Services.AddHostedService<LeaseMonitor>();
        builder.Services.AddHorizontalAutoscaling();
        builder.Services.AddNodeAutoscaling();
        builder.Services.AddNodeIdentity();
        builder.Services.AddEvents();
        builder.Services.AddRevisions();
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = ModuleCompiler.MaxModuleBytes + (1024 * 1024);
            o.Interceptors.Add<UnexpectedErrorInterceptor>();
            o.Interceptors.Add<AdminAuthInterceptor>();
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck<ControllerHealthCheck>("fleet");

        var listen = builder.Configuration[$"{ControllerOptions.Section}:Listen"] ?? new ControllerOptions().Listen;
        var metricsListen = builder.Configuration[$"{ControllerOptions.Section}:Telemetry:MetricsListen"] ?? "";
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (!Uri.TryCreate(listen, UriKind.Absolute, out var uri) || uri.Port <= 0)
            {
                return; // ControllerOptionsValidator names the problem at start
            }

            kestrel.Limits.Http2.MaxStreamsPerConnection = kestrel.ApplicationServices.GetRequiredService<IOptions<ControllerOptions>>().Value.Http2MaxStreamsPerConnection;
            void Http2(ListenOptions o) => o.Protocols = HttpProtocols.Http2;
            if (uri.Host is "localhost")
            {
                kestrel.ListenLocalhost(uri.Port, Grpc);
            }
            else if (IPAddress.TryParse(uri.Host, out var ip))
            {
                kestrel.Listen(ip, uri.Port, Grpc);
            }
            else
            {
                kestrel.ListenAnyIP(uri.Port, Grpc);
            }

            // Prometheus scrapes over HTTP/1.1, which the h2c gRPC port does not speak.
            if (Uri.TryCreate(metricsListen, UriKind.Absolute, out var metrics) && metrics.Port > 0)
            {
                if (IPAddress.TryParse(metrics.Host, out var metricsIp))
                {
                    kestrel.Listen(metricsIp, metrics.Port, o => o.Protocols = HttpProtocols.Http1);
                }
                else
                {
                    kestrel.ListenAnyIP(metrics.Port, o => o.Protocols = HttpProtocols.Http1);
                }
            }

            // The gRPC port: h2c in dev mode, TLS with the fleet CA in mtls mode (docs/enrollment.md).
            void Grpc(ListenOptions o)
            {
                Http2(o);
                o.UseFleetTls(uri.Host);
            }
        });

        var app = builder.Build();
        // Open the store now, so a corrupt or locked file stops start-up with its message.
        _ = app.Services.GetRequiredService<FleetState>();
        app.MapGrpcService<AgentGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapNodeIdentity();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        if (Uri.TryCreate(metricsListen, UriKind.Absolute, out var metricsUri) && metricsUri.Port > 0)
        {
            app.MapGet("/metrics", (TelemetryIngest ingest, TelemetrySeriesStore series, FleetState fleet, HorizontalAutoscalers autoscalers, BrokerRefusals refusals, TelemetryWatermarks watermarks) =>
                Results.Text(ControllerMetrics.Render(ingest, series, fleet) + refusals.Render() + autoscalers.Render() + NodeHealthMetrics.Render(fleet, watermarks) + fleet.Events.Render(), Edge.Shared.PrometheusText.ContentType))
                .RequireHost($"*:{metricsUri.Port}");
            app.MapHealthChecks("/healthz").RequireHost($"*:{metricsUri.Port}");
        }

        return app;
    }
}
