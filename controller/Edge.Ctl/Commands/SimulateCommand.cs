using System.CommandLine;
using Edge.Ctl.Manifests;
using Edge.Ctl.Simulation;
using Edge.Scheduling.Simulation;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl simulate -f scenario.yaml</c>: replays autoscaling offline with the controller's own decision code.</summary>
internal static class SimulateCommand
{
    public static Command Create(CtlContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = new Option<string>("--filename", "-f")
        {
            Description = "Scenario file (YAML; see docs/simulate.md).",
            HelpName = "FILE",
            Required = true,
        };
        var output = OutputOption.Create();
        var simulate = new Command("simulate", "Run the autoscalers offline over a scenario in simulated time and print the timeline of decisions.") { file, output };
        simulate.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(file);
            var (text, problem) = await BoundedYaml.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (text is null)
            {
                await context.Error.WriteLineAsync($"error: {new ManifestError(path, null, "", problem!)}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var parsed = ScenarioParser.Parse(text, path);
            if (!parsed.IsValid)
            {
                foreach (var error in parsed.Errors)
                {
                    await context.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
                }

                return ExitCodes.Usage;
            }

            var result = new FleetSimulator(parsed.Items[0]).Run();
            SimulationFormatter.Write(Path.GetFileNameWithoutExtension(path), result, OutputOption.Get(parseResult, output), context.Out);
            return ExitCodes.Success;
        });
        return simulate;
    }
}
