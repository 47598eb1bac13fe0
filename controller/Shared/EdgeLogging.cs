using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Edge.Shared;

/// <summary>
/// Serilog for both services: text on a terminal, compact JSON under systemd
/// (INVOCATION_ID set) or with Logging:Format=json.
/// </summary>
internal static class EdgeLogging
{
    public static void Configure(WebApplicationBuilder builder, string service)
    {
        var format = builder.Configuration["Logging:Format"]
            ?? (Environment.GetEnvironmentVariable("INVOCATION_ID") is null ? "text" : "json");
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
            // Start-up failures are printed once, as one line, by each program's entry point.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", LogEventLevel.Fatal)
            .Enrich.WithProperty("Service", service);
        logger = format == "json"
            ? logger.WriteTo.Console(new CompactJsonFormatter())
            : logger.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}");
        Log.Logger = logger.CreateLogger();
        builder.Services.AddSerilog();
    }
}
