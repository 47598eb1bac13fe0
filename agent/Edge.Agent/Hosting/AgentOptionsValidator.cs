using Edge.Agent.Core;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Hosting;

/// <summary>Checks what attributes cannot, each failure naming its key.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var errors = new List<string>();
        if (!DesiredStateValidator.IsValidName(options.ResolvedNodeName))
        {
            errors.Add($"Agent:NodeName '{options.ResolvedNodeName}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters)");
        }

        if (!IsHttpUri(options.Controller))
        {
            errors.Add($"Agent:Controller '{options.Controller}' is not an http:// or https:// address");
        }

        if (!IsHttpUri(options.StatusListen))
        {
            errors.Add($"Agent:StatusListen '{options.StatusListen}' is not an http://host:port address");
        }

        if (options.TriggerListen.Length > 0 && !IsHttpUri(options.TriggerListen))
        {
            errors.Add($"Agent:TriggerListen '{options.TriggerListen}' is not an http://host:port address (or empty to serve triggers on Agent:StatusListen)");
        }
        else if (options.TriggerListen.Length > 0 && Uri.TryCreate(options.TriggerListen, UriKind.Absolute, out var trigger)
            && Uri.TryCreate(options.StatusListen, UriKind.Absolute, out var status) && trigger.Port == status.Port)
        {
            errors.Add($"Agent:TriggerListen '{options.TriggerListen}' uses the port of Agent:StatusListen; leave it empty to share that listener");
        }

        if (options.MqttServer.Length > 0
            && !(Uri.TryCreate(options.MqttServer, UriKind.Absolute, out var mqtt) && mqtt.Scheme is "mqtt" or "tcp" or "mqtts" or "ssl" && mqtt.Port > 0))
        {
            errors.Add($"Agent:MqttServer '{options.MqttServer}' is not an mqtt://host:port or mqtts://host:port address");
        }

        if (options.MqttPasswordFile.Length > 0 && !File.Exists(options.MqttPasswordFile))
        {
            errors.Add($"Agent:MqttPasswordFile '{options.MqttPasswordFile}' does not exist");
        }

        if (options.MqttCaFile.Length > 0 && !File.Exists(options.MqttCaFile))
        {
            errors.Add($"Agent:MqttCaFile '{options.MqttCaFile}' does not exist");
        }

        // Checked here rather than by attributes: DataAnnotations validation needs reflection the Native AOT build does not have.
        foreach (var (key, value) in new[]
        {
            // Agent:Controller and Agent:StatusListen are named above when empty: an empty value is no address.
            ("Agent:DataDir", options.DataDir), ("Agent:K3sConfigFile", options.K3sConfigFile), ("Agent:K3sDataDir", options.K3sDataDir),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{key} is required");
            }
        }

        CheckRange(errors, "Agent:TriggerMaxBodyBytes", options.TriggerMaxBodyBytes, 0, 64 * 1024 * 1024, "0 and 64 MiB");
        CheckRange(errors, "Agent:OutboxMaxSamples", options.OutboxMaxSamples, 10, 10_000_000, "10 and 10,000,000");
        CheckRange(errors, "Agent:GuestThreads", options.GuestThreads, 0, Runtime.WasmRuntimeOptions.MaxGuestThreads, $"0 (4 per core) and {Runtime.WasmRuntimeOptions.MaxGuestThreads}");
        CheckRange(errors, "Agent:TriggerStartWait", options.TriggerStartWait, TimeSpan.Zero, TimeSpan.FromMinutes(5), "0 and 5 min");
        CheckRange(errors, "Agent:LogMaxAge", options.LogMaxAge, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30), "1 min and 30 days");
        if (options.LogRingBytes is < 4096 or > 256L * 1024 * 1024)
        {
            errors.Add($"Agent:LogRingBytes {options.LogRingBytes} must be between 4096 and 268435456");
        }

        if (options.LogLineMaxBytes < 256 || options.LogLineMaxBytes > options.LogRingBytes)
        {
            errors.Add($"Agent:LogLineMaxBytes {options.LogLineMaxBytes} must be at least 256 and at most Agent:LogRingBytes");
        }

        CheckRange(errors, "Agent:JobBackoff", options.JobBackoff, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(6), "100 ms and 6 min");
        CheckRange(errors, "Agent:TelemetryBatchMax", options.TelemetryBatchMax, 1, 1000, "1 and 1000");
        CheckRange(errors, "Agent:TelemetryUnacknowledgedMax", options.TelemetryUnacknowledgedMax, 1, 10_000_000, "1 and 10,000,000");
        CheckRange(errors, "Agent:TelemetryAckTimeout", options.TelemetryAckTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), "100 ms and 1 h");
        if (options.MaxWorkloads is { } maxWorkloads)
        {
            CheckRange(errors, "Agent:MaxWorkloads", maxWorkloads, 1, 10_000, "1 and 10000");
        }

        if (options.ReservedCpuMillicores is { } cpu)
        {
            CheckRange(errors, "Agent:ReservedCpuMillicores", cpu, 0, 1_000_000, "0 and 1000000");
        }

        CheckRange(errors, "Agent:HeartbeatPeriod", options.HeartbeatPeriod, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), "100 ms and 1 h");
        CheckRange(errors, "Agent:TelemetryPeriod", options.TelemetryPeriod, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), "100 ms and 1 h");
        CheckRange(errors, "Agent:ReconnectMinDelay", options.ReconnectMinDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10), "10 ms and 10 min");
        CheckRange(errors, "Agent:ReconnectMaxDelay", options.ReconnectMaxDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), "10 ms and 1 h");
        CheckRange(errors, "Agent:ModuleRetryMinDelay", options.ModuleRetryMinDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10), "10 ms and 10 min");
        CheckRange(errors, "Agent:ModuleRetryMaxDelay", options.ModuleRetryMaxDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), "10 ms and 1 h");
        CheckRange(errors, "Agent:OutboxMaxAge", options.OutboxMaxAge, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30), "1 min and 30 days");
        CheckRange(errors, "Agent:OutboxMaxBytes", options.OutboxMaxBytes, 64L * 1024, 16L * 1024 * 1024 * 1024, "64 KiB and 16 GiB");
        if (options.ReservedMemoryBytes is { } reserved)
        {
            CheckRange(errors, "Agent:ReservedMemoryBytes", reserved, 0L, 1L << 40, "0 and 1 TiB");
        }

        if (options.ReconnectMinDelay > options.ReconnectMaxDelay)
        {
            errors.Add($"Agent:ReconnectMinDelay ({options.ReconnectMinDelay}) is longer than Agent:ReconnectMaxDelay ({options.ReconnectMaxDelay})");
        }

        if (options.ModuleRetryMinDelay > options.ModuleRetryMaxDelay)
        {
            errors.Add($"Agent:ModuleRetryMinDelay ({options.ModuleRetryMinDelay}) is longer than Agent:ModuleRetryMaxDelay ({options.ModuleRetryMaxDelay})");
        }

        if (options.ExtendedResources.Count > ExtendedResourceRules.MaxNames)
        {
            errors.Add($"Agent:ExtendedResources has {options.ExtendedResources.Count} entries; at most {ExtendedResourceRules.MaxNames}");
        }

        foreach (var (device, count) in options.ExtendedResources)
        {
            if (ExtendedResourceRules.NameProblem(device) is { } problem)
            {
                errors.Add($"Agent:ExtendedResources:{device}: {problem}");
            }
            else if (!ExtendedResourceRules.TryParseCount(count, out _))
            {
                errors.Add($"Agent:ExtendedResources:{device} must be a whole number from 0 to {ExtendedResourceRules.MaxCount:N0}, got '{count}'");
            }
        }

        foreach (var key in options.Labels.Keys.Where(k => string.IsNullOrWhiteSpace(k)))
        {
            errors.Add($"Agent:Labels has an empty key '{key}'");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckRange<T>(List<string> errors, string key, T value, T min, T max, string bounds)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            errors.Add($"{key} must be between {bounds}");
        }
    }

    private static bool IsHttpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Port > 0;
}
