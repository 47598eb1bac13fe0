using System.CommandLine;
using System.Globalization;

namespace Edge.Ctl.Commands;

/// <summary>Options every command accepts, before or after the command name.</summary>
internal sealed class GlobalOptions
{
    public const double DefaultTimeoutSeconds = 10;

    public GlobalOptions()
    {
        Timeout.Validators.Add(result =>
        {
            var seconds = result.GetValueOrDefault<double>();
            if (!double.IsFinite(seconds) || seconds <= 0 || seconds > TimeSpan.FromDays(1).TotalSeconds)
            {
                result.AddError(string.Create(
                    CultureInfo.InvariantCulture,
                    $"--timeout must be a number of seconds greater than 0 and at most 86400, got {seconds}."));
            }
        });
    }

    public Option<string?> Controller { get; } = new("--controller")
    {
        Description = "Controller admin API URL (default: $EDGE_CONTROLLER, else http://127.0.0.1:7400).",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> Context { get; } = new("--context")
    {
        Description = "Context of the config file to use (default: its current-context; file: $EDGECONFIG, else ~/.config/edge/config).",
        HelpName = "NAME",
        Recursive = true,
    };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Deadline for each call to the controller, in seconds.",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
        Recursive = true,
    };
}
