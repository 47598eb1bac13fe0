using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Edge.Agent.Connection;
using Edge.Agent.Core;
using Edge.Agent.Logs;
using Edge.Agent.Runtime; // WasmRuntime
using Edge.Agent.State;
using Edge.Agent.Status;
using Edge.Agent.Telemetry;
using Edge.Agent.Triggers;
using Edge.Agent.Workloads;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting.Systemd;
using Edge.Shared;
using Microsoft.Extensions.Options;
using Serilog;

namespace Edge.Agent.Hosting;

/// <summary>Builds the agent's host: configuration layers, services, the local status API.</summary>
internal static class AgentHost
{
    public static string EnrolledSettingsPath(string dataDir) => Path.Combine(dataDir, "agent.json");

    /// <summary>Settings as the JSON `enroll` writes and `run` reads (keys "Agent:X" → {"Agent":{"X":…}}).</summary>
    public static string ToSettingsJson(IReadOnlyDictionary<string, string?> settings)
    {
        var root = new JsonObject();
        foreach (var (key, value) in settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var node = root;
            var parts = key.Split(':');
            foreach (var part in parts[..^1])
            {
                node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
            }

            node[parts[^1]] = value;
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// Layers, later wins: defaults, the settings file, DataDir/agent.json
    /// (written by enroll), EDGE_ environment variables, command-line flags.
    /// </summary>
    public static WebApplication Build(IReadOnlyDictionary<string, string?> overrides, string configFile, bool explicitConfig)
    {
        if (explicitConfig && !File.Exists(configFile))
        {
            throw new InvalidDataException($"settings file {configFile} (--config) does not exist");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        var configuration = builder.Configuration;
        AddJson(configuration, configFile);
        configuration.AddEnvironmentVariables("EDGE_");
        configuration.AddInMemoryCollection(overrides);
        var dataDir = configuration[$"{AgentOptions.Section}:DataDir"] ?? new AgentOptions().DataDir;
        AddJson(configuration, EnrolledSettingsPath(dataDir));
        configuration.AddEnvironmentVariables("EDGE_");
        configuration.AddInMemoryCollection(overrides);

        EdgeLogging.Configure(builder, "edge-agent");
        var services = builder.Services;
        services.AddSystemd();
        services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>(); // AddSystemd registers it only under systemd
        if (!SystemdHelpers.IsSystemdService() && Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 })
        {
            // AddSystemd trusts only a systemd parent; a supervisor that sets NOTIFY_SOCKET as systemd does gets READY too.
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4)); // SIGTERM → exit within 5 s, state file closed after
        services.AddSingleton(sp => new AgentStateStore(Options(sp).DataDir, sp.GetRequiredService<ILogger<AgentStateStore>>()));
        services.AddSingleton(sp => new ModuleCache(Options(sp).DataDir));
        services.AddSingleton(sp => new WasmRuntime(
            new WasmRuntimeOptions
            {
                CompiledCacheDirectory = Path.Combine(Options(sp).DataDir, "compiled"),
                VolumesDirectory = Path.Combine(Options(sp).DataDir, "volumes"),
                GuestThreads = Options(sp).GuestThreads,
                CompilerCommand = Options(sp).CompileInProcess ? null : OwnCompilerCommand(),
            },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WasmRuntime>>()) { RunEnded = sp.GetRequiredService<WorkloadLogs>().Record });
        services.AddSingleton(sp => new WorkloadLogs(
            Options(sp).DataDir,
            new LogRingLimits(Options(sp).LogRingBytes, Options(sp).LogMaxAge, Options(sp).LogLineMaxBytes),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WorkloadLogs>>()));
        services.AddSingleton<IWorkloadRuntime>(sp => sp.GetRequiredService<WasmRuntime>());
        services.AddSingleton<IWorkloadMetricsSource>(sp => sp.GetRequiredService<WasmRuntime>());
        services.AddSingleton<Edge.Agent.Enrollment.NodeIdentity>();
        services.AddSingleton<ControllerChannel>();
        services.AddHostedService<Edge.Agent.Enrollment.VoucherRedeemer>();
        services.AddHostedService<Edge.Agent.Enrollment.CertificateRenewer>();
        services.AddSingleton<IModuleSource, GrpcModuleSource>();
        services.AddSingleton(sp => new JobTracker(sp.GetRequiredService<AgentStateStore>(), sp.GetRequiredService<TimeProvider>(), Options(sp).JobBackoff));
        services.AddSingleton(sp => ColdWake.Wire(ActivatorUtilities.CreateInstance<WorkloadSupervisor>(sp), sp.GetRequiredService<WasmRuntime>()));
        services.AddSingleton<NodeFactsProvider>();
        services.AddSingleton<AgentStatusBoard>();
        services.AddSingleton<LoopProgress>();
        services.AddHostedService<AgentStartup>(); // first: local state runs before anything talks to the network
        services.AddHostedService<ControllerConnection>();
        services.AddHostedService<ModuleFetchRetry>();
        services.AddSingleton<TelemetryPublisher>();
        services.AddSingleton<OutboxAcknowledgement>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryPublisher>());
        services.AddHostedService<SystemdWatchdog>();
        services.AddHostedService<IntervalTriggers>();
        services.AddSingleton<MqttTriggers>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttTriggers>());
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, StatusJsonContext.Default));

        var listen = configuration[$"{AgentOptions.Section}:StatusListen"] ?? new AgentOptions().StatusListen;
        var triggerListen = configuration[$"{AgentOptions.Section}:TriggerListen"] ?? "";
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Listen(kestrel, listen);
            if (triggerListen.Length > 0)
            {
                Listen(kestrel, triggerListen);
            }
        });

        var app = builder.Build();
        app.MapStatus();
        app.MapMetrics();
        app.MapHttpTriggers();
        return app;
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            return; // AgentOptionsValidator names the problem at start
        }

        if (IPAddress.TryParse(uri.Host, out var ip))
        {
            kestrel.Listen(ip, uri.Port);
        }
        else
        {
            kestrel.ListenLocalhost(uri.Port);
        }
    }

    /// <summary>The hidden command the agent runs in a child to compile a module (Runtime.ModuleCompiler).</summary>
    public const string CompileModuleCommand = "compile-module";

    /// <summary>
    /// This program's compile-module command: the published binary itself, or, for the JIT build
    /// (dotnet edge-agent.dll), the host with the assembly; null when neither can be found.
    /// </summary>
    internal static IReadOnlyList<string>? OwnCompilerCommand()
    {
        if (Environment.ProcessPath is not { Length: > 0 } program)
        {
            return null;
        }

        if (!string.Equals(Path.GetFileNameWithoutExtension(program), "dotnet", StringComparison.Ordinal))
        {
            return [program, CompileModuleCommand];
        }

        var assembly = Path.Combine(AppContext.BaseDirectory, "edge-agent.dll");
        return File.Exists(assembly) ? [program, assembly, CompileModuleCommand] : null;
    }

    private static AgentOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<AgentOptions>>().Value;

    private static void AddJson(IConfigurationBuilder configuration, string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            using var probe = File.OpenRead(path);
            _ = JsonDocument.Parse(probe, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"settings file {path} is not valid JSON: {ex.Message}", ex);
        }

        configuration.AddJsonFile(path, optional: true, reloadOnChange: false);
    }

}
