using System.CommandLine;
using System.Net;
using System.Text.Json;
using Edge.Agent.Status;
using Microsoft.Extensions.Options;
using Serilog;

namespace Edge.Agent.Hosting;

/// <summary>edge-agent run | enroll | status | selftest.</summary>
internal static class AgentProgram
{
    public const string DefaultConfigFile = "/etc/edge-agent/agent.json";

    public static async Task<int> RunAsync(string[] args)
    {
        var cli = new AgentCommandLine();
        var root = new RootCommand("edge-agent: runs WebAssembly workloads on this device for an Edge controller");

        var run = new Command("run", "run the agent (as systemd runs it)");
        foreach (var option in cli.All)
        {
            run.Options.Add(option);
        }

        run.SetAction(async (result, ct) =>
        {
            var (settings, error) = cli.ToSettings(result);
            return error is not null ? await FailAsync(error, 2) : await RunHostAsync(settings, result.GetValue(cli.Config), ct);
        });

        var enroll = new Command("enroll", "join a controller: with --token (online), --csr-out/--cert (air-gapped), or name and labels only (dev mode)");
        var enrollment = new Enrollment.EnrollmentOptions();
        foreach (var option in new Option[] { cli.Controller, cli.DataDir, cli.NodeName, cli.Labels, cli.Mqtt }.Concat(enrollment.All))
        {
            enroll.Options.Add(option);
        }

        enroll.SetAction(async (result, ct) =>
        {
            var (settings, error) = cli.ToSettings(result);
            var how = enrollment.Read(result, out var enrollError);
            error ??= enrollError;
            return error is not null ? await FailAsync(error, 2) : await EnrollAsync(settings, how, ct);
        });

        var status = new Command("status", "show what the local agent runs and whether it reaches its controller");
        var address = new Option<string>("--address") { Description = "the agent's status API", DefaultValueFactory = _ => "http://127.0.0.1:7401" };
        var output = new Option<string>("--output", "-o") { Description = "table or json", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        status.Options.Add(address);
        status.Options.Add(output);
        status.SetAction((result, ct) => StatusCommand.RunAsync(result.GetValue(address)!, result.GetValue(output)!, Console.Out, ct));

        var selftest = new Command("selftest", "run a built-in WebAssembly sample through the runtime and print the version");
        selftest.SetAction((_, ct) => SelfTestCommand.RunAsync(Console.Out, ct));

        root.Subcommands.Add(run);
        root.Subcommands.Add(enroll);
        root.Subcommands.Add(status);
        root.Subcommands.Add(selftest);
        root.Subcommands.Add(CompileModuleCommand());
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>
    /// edge-agent compile-module: the child the running agent starts to compile a module into its
    /// compiled cache (Runtime.ModuleCompiler); not for people, so hidden from help.
    /// </summary>
    private static Command CompileModuleCommand()
    {
        var command = new Command(AgentHost.CompileModuleCommand, "compile a WebAssembly module into the agent's compiled cache (run by the agent itself)") { Hidden = true };
        var module = new Option<string>("--module") { Required = true, Description = "the module file (.wasm or .wat)" };
        var cacheDir = new Option<string>("--cache-dir") { Required = true, Description = "the compiled cache directory" };
        var digest = new Option<string>("--digest") { Required = true, Description = "the module's digest (sha256:...)" };
        var fuel = new Option<bool>("--fuel") { Required = true, Description = "whether the engine counts fuel" };
        foreach (var option in new Option[] { module, cacheDir, digest, fuel })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => Runtime.ModuleCompiler.CompileToCache(
            result.GetValue(module)!, result.GetValue(cacheDir)!, result.GetValue(digest)!, result.GetValue(fuel), Console.Error));
        return command;
    }

    private static async Task<int> RunHostAsync(Dictionary<string, string?> settings, string? configFile, CancellationToken ct)
    {
        try
        {
            var app = AgentHost.Build(settings, configFile ?? DefaultConfigFile, explicitConfig: configFile is not null);
            await app.RunAsync(ct);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            return await FailAsync($"invalid configuration: {string.Join("; ", ex.Failures)}", 1);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or ArgumentException or OverflowException)
        {
            return await FailAsync($"invalid configuration: {ex.Message} {ex.InnerException.Message}", 1);
        }
        catch (InvalidDataException ex)
        {
            return await FailAsync($"invalid configuration: {ex.Message}", 1);
        }
        catch (IOException ex) when (ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            return await FailAsync($"cannot serve the status API (Agent:StatusListen): {ex.Message}", 1);
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private static async Task<int> EnrollAsync(Dictionary<string, string?> settings, Enrollment.EnrollmentChoice how, CancellationToken ct)
    {
        if (new[] { how.Token, how.CsrOut, how.Cert, how.Bundle }.Count(v => v is not null) > 1)
        {
            return await FailAsync("use one of --token (or --token-file), --csr-out, --cert and --bundle", 2);
        }

        if (how.CsrOut is not null)
        {
            var csrDataDir = settings.GetValueOrDefault("Agent:DataDir") ?? new AgentOptions().DataDir;
            var csrName = new AgentOptions { NodeName = settings.GetValueOrDefault("Agent:NodeName") ?? "" }.ResolvedNodeName;
            return await Enrollment.EnrollCommand.WriteCsrAsync(csrDataDir, csrName, how.CsrOut, ct);
        }

        if (how.Bundle is not null)
        {
            var bundleDataDir = settings.GetValueOrDefault("Agent:DataDir") ?? new AgentOptions().DataDir;
            settings.Remove("Agent:DataDir");
            return await Enrollment.BundleInstaller.InstallAsync(settings, bundleDataDir, how.Bundle, how.CaHash, ct);
        }

        if (!settings.TryGetValue("Agent:Controller", out var controller) || controller is null)
        {
            return await FailAsync("enroll needs --controller URL", 2);
        }

        var dataDir = settings.GetValueOrDefault("Agent:DataDir") ?? new AgentOptions().DataDir;
        settings.Remove("Agent:DataDir");
        var candidate = new AgentOptions { Controller = controller, DataDir = dataDir, NodeName = settings.GetValueOrDefault("Agent:NodeName") ?? "" };
        var problems = new AgentOptionsValidator().Validate(null, candidate);
        if (problems.Failed)
        {
            return await FailAsync($"invalid configuration: {problems.FailureMessage}", 2);
        }

        Edge.Shared.PrivateFile.CreateDirectory(dataDir);
        if (how.Token is not null)
        {
            return await Enrollment.EnrollCommand.WithTokenAsync(settings, dataDir, candidate.ResolvedNodeName, how.Token, ct);
        }

        if (how.Cert is not null)
        {
            return await Enrollment.EnrollCommand.InstallCertificateAsync(settings, dataDir, how.Cert, ct);
        }

        var file = AgentHost.EnrolledSettingsPath(dataDir);
        await File.WriteAllTextAsync(file, AgentHost.ToSettingsJson(settings), ct);
        await Console.Out.WriteLineAsync($"node {candidate.ResolvedNodeName} will connect to {controller}; settings written to {file}");
        await Console.Out.WriteLineAsync($"start it with: edge-agent run --data-dir {dataDir}   (or: systemctl start edge-agent)");
        return 0;
    }

    internal static async Task<int> FailAsync(string message, int code)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return code;
    }
}
