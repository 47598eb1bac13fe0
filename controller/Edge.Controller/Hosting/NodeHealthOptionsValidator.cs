using Microsoft.Extensions.Options;

namespace Edge.Controller.Hosting;

/// <summary>Controller:Health: ranges, and bounds longer than a heartbeat (a shorter one would flap with every beat).</summary>
internal sealed class NodeHealthOptionsValidator : IValidateOptions<ControllerOptions>
{
    public ValidateOptionsResult Validate(string? name, ControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var health = options.Health;
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(health, new System.ComponentModel.DataAnnotations.ValidationContext(health), results, validateAllProperties: true);
        var errors = results.Select(r => r.ErrorMessage ?? "Controller:Health is invalid").ToList();
        if (health.NotApplyingAfter <= options.HeartbeatPeriod)
        {
            errors.Add($"Controller:Health:NotApplyingAfter ({health.NotApplyingAfter}) must be longer than Controller:HeartbeatPeriod ({options.HeartbeatPeriod})");
        }

        if (health.TelemetryStalledAfter <= options.HeartbeatPeriod)
        {
            errors.Add($"Controller:Health:TelemetryStalledAfter ({health.TelemetryStalledAfter}) must be longer than Controller:HeartbeatPeriod ({options.HeartbeatPeriod})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
