using System.CommandLine;
using Edge.Ctl.Config;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl config get-contexts|current-context|use-context|set-context</c>, as kubectl config does.</summary>
internal static class ConfigCommand
{
    public static Command Create(CtlContext context)
    {
        var config = new Command("config", "Contexts (controller, CA, credentials) in $EDGECONFIG or ~/.config/edge/config.");

        var list = new Command("get-contexts", "List the contexts; * marks the current one.");
        list.SetAction((_, _) => WithConfig(context, async (path, file) =>
        {
            foreach (var entry in file.Contexts)
            {
                var marker = entry.Name == file.CurrentContext ? "*" : " ";
                var auth = entry.Token.Length > 0 || entry.TokenFile.Length > 0 ? "token" : "none";
                await context.Out.WriteLineAsync($"{marker} {entry.Name}\t{entry.Controller}\tauth={auth}{(entry.Tenant.Length > 0 ? $"\ttenant={entry.Tenant}" : "")}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));

        var current = new Command("current-context", "Print the current context's name.");
        current.SetAction((_, _) => WithConfig(context, async (path, file) =>
        {
            if (file.CurrentContext.Length == 0)
            {
                await context.Error.WriteLineAsync($"error: no current context in {path}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            await context.Out.WriteLineAsync(file.CurrentContext).ConfigureAwait(false);
            return ExitCodes.Success;
        }));

        var useName = new Argument<string>("name");
        var use = new Command("use-context", "Make a context the current one.") { useName };
        use.SetAction((parseResult, _) => WithConfig(context, async (path, file) =>
        {
            var name = parseResult.GetValue(useName)!;
            if (file.Find(name) is null)
            {
                await context.Error.WriteLineAsync($"error: no context '{name}' in {path}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            file.CurrentContext = name;
            CtlConfigFile.Save(path, file);
            await context.Out.WriteLineAsync($"switched to context \"{name}\"").ConfigureAwait(false);
            return ExitCodes.Success;
        }));

        var setName = new Argument<string>("name");
        var controller = new Option<string>("--server") { Description = "Controller URL (https:// in mtls mode)." };
        var ca = new Option<string>("--ca") { Description = "PEM file of the fleet CA (DataDir/pki/ca.crt on the controller)." };
        var token = new Option<string>("--token") { Description = "Admin bearer token (edgectl token create-admin)." };
        var tokenFile = new Option<string>("--token-file") { Description = "File holding the admin token." };
        var tenant = new Option<string>("--tenant") { Description = "Tenant sent with each call (tenant-admin tokens)." };
        var set = new Command("set-context", "Add or change a context (given fields only).") { setName, controller, ca, token, tokenFile, tenant };
        set.SetAction((parseResult, _) => WithConfig(context, async (path, file) =>
        {
            var name = parseResult.GetValue(setName)!;
            var entry = file.Find(name);
            if (entry is null)
            {
                entry = new CtlContextEntry { Name = name };
                file.Contexts.Add(entry);
            }

            entry.Controller = parseResult.GetValue(controller) ?? entry.Controller;
            entry.Ca = parseResult.GetValue(ca) is { } caPath ? Path.GetFullPath(caPath) : entry.Ca;
            entry.Token = parseResult.GetValue(token) ?? entry.Token;
            entry.TokenFile = parseResult.GetValue(tokenFile) is { } tf ? Path.GetFullPath(tf) : entry.TokenFile;
            entry.Tenant = parseResult.GetValue(tenant) ?? entry.Tenant;
            if (file.CurrentContext.Length == 0)
            {
                file.CurrentContext = name;
            }

            CtlConfigFile.Save(path, file);
            await context.Out.WriteLineAsync($"context \"{name}\" saved in {path}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));

        config.Subcommands.Add(list);
        config.Subcommands.Add(current);
        config.Subcommands.Add(use);
        config.Subcommands.Add(set);
        return config;
    }

    private static async Task<int> WithConfig(CtlContext context, Func<string, CtlConfig, Task<int>> action)
    {
        if (context.ConfigFile is null)
        {
            await context.Error.WriteLineAsync("error: no config file").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        try
        {
            return await action(context.ConfigFile, CtlConfigFile.Load(context.ConfigFile)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
