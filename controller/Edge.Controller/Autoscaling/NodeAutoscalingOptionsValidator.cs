using System.Globalization;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Autoscaling;

/// <summary>Checks Controller:NodeAutoscaling at start; each failure names its key.</summary>
internal sealed class NodeAutoscalingOptionsValidator : IValidateOptions<NodeAutoscalingOptions>
{
    private const string S = NodeAutoscalingOptions.Section;

    public ValidateOptionsResult Validate(string? name, NodeAutoscalingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Range(errors, "ScanInterval", options.ScanInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10), "50 ms and 10 min");
        if (options.ParseExpanders() is { Unknown: { } unknown })
        {
            errors.Add($"{S}:Expanders: unknown expander \"{unknown}\"; use a comma-separated chain of least-waste, least-nodes, most-pods, priority, price, random");
        }
        else if (options.ParseExpanders().Chain.Count == 0)
        {
            errors.Add($"{S}:Expanders must name at least one expander (least-waste, least-nodes, most-pods, priority, price, random)");
        }

        if (!(options.ScaleDownUtilizationThreshold is >= 0 and <= 1))
        {
            errors.Add(Invariant($"{S}:ScaleDownUtilizationThreshold must be between 0 and 1, got {options.ScaleDownUtilizationThreshold}"));
        }

        Range(errors, "ScaleDownUnneededTime", options.ScaleDownUnneededTime, TimeSpan.Zero, TimeSpan.FromDays(1), "0 and 1 day");
        Range(errors, "ScaleDownDelayAfterAdd", options.ScaleDownDelayAfterAdd, TimeSpan.Zero, TimeSpan.FromDays(1), "0 and 1 day");
        Range(errors, "MaxNodeProvisionTime", options.MaxNodeProvisionTime, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "1 s and 1 day");
        Range(errors, "InitialBackoff", options.InitialBackoff, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "1 s and 1 day");
        Range(errors, "MaxBackoff", options.MaxBackoff, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "1 s and 1 day");
        Range(errors, "MaxGracefulTermination", options.MaxGracefulTermination, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "1 s and 1 day");
        if (options.MaxBackoff < options.InitialBackoff)
        {
            errors.Add($"{S}:MaxBackoff ({options.MaxBackoff}) is shorter than {S}:InitialBackoff ({options.InitialBackoff})");
        }

        Count(errors, "MaxEmptyBulkDelete", options.MaxEmptyBulkDelete, 1, 10_000);
        Count(errors, "MaxDrainParallelism", options.MaxDrainParallelism, 1, 10_000);
        Count(errors, "OkTotalUnreadyCount", options.OkTotalUnreadyCount, 0, 1_000_000);
        Count(errors, "HistorySize", options.HistorySize, 10, 100_000);
        if (!(options.MaxTotalUnreadyPercentage is >= 0 and <= 100))
        {
            errors.Add(Invariant($"{S}:MaxTotalUnreadyPercentage must be between 0 and 100, got {options.MaxTotalUnreadyPercentage}"));
        }

        foreach (var (provider, p) in options.Providers)
        {
            ValidateProvider(errors, provider, p);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateProvider(List<string> errors, string name, NodeGroupProviderOptions p)
    {
        var key = $"{S}:Providers:{name}";
        if (!Scheduling.Names.IsDnsLabel(name))
        {
            errors.Add($"{key}: provider name \"{name}\" is not a DNS label (lowercase letters, digits and '-', 1-63 characters)");
        }

        switch (p.Type)
        {
            case NodeGroupProviderOptions.Exec:
                if (!Path.IsPathFullyQualified(p.Command))
                {
                    errors.Add($"{key}:Command '{p.Command}' must be an absolute path to the operator's script");
                }
                else if (!File.Exists(p.Command))
                {
                    errors.Add($"{key}:Command '{p.Command}' does not exist");
                }

                Range(errors, $"Providers:{name}:Timeout", p.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(2), "1 s and 2 h");
                break;
            case NodeGroupProviderOptions.Simulated:
                Range(errors, $"Providers:{name}:Delay", p.Delay, TimeSpan.Zero, TimeSpan.FromDays(1), "0 and 1 day");
                if (!(p.FailureRate is >= 0 and <= 1))
                {
                    errors.Add(Invariant($"{key}:FailureRate must be between 0 and 1, got {p.FailureRate}"));
                }

                break;
            default:
                errors.Add($"{key}:Type '{p.Type}' is not exec or simulated");
                break;
        }
    }

    private static void Range(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max, string bounds)
    {
        if (value < min || value > max)
        {
            errors.Add($"{S}:{key} must be between {bounds}, got {value}");
        }
    }

    private static void Count(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(Invariant($"{S}:{key} must be between {min} and {max}, got {value}"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
