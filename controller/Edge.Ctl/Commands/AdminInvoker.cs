using System.CommandLine;
using Edge.Ctl.Client;
using Edge.Ctl.Config;
using Grpc.Core;

namespace Edge.Ctl.Commands;

/// <summary>Runs a command's calls against the controller and maps failures to one line and an exit code.</summary>
internal sealed class AdminInvoker(CtlContext context, GlobalOptions global)
{
    public CtlContext Context { get; } = context;

    public async Task<int> RunAsync(
        ParseResult parseResult,
        Func<AdminSession, Task<int>> action,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(action);

        if (!CtlContextResolver.TryResolve(Context, parseResult.GetValue(global.Context), out var resolved, out var contextError))
        {
            await Context.Error.WriteLineAsync($"error: {contextError}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (!ControllerAddress.TryResolve(
                parseResult.GetValue(global.Controller),
                Context.ControllerFromEnvironment ?? resolved.Controller,
                out var address,
                out var addressError))
        {
            await Context.Error.WriteLineAsync($"error: {addressError}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var timeout = TimeSpan.FromSeconds(parseResult.GetValue(global.Timeout));
        using var channel = AdminClientFactory.CreateChannel(address, resolved.Ca);
        var session = new AdminSession(
            AdminClientFactory.CreateClient(channel),
            Context.Time,
            timeout,
            cancellationToken,
            resolved.Headers,
            new Edge.Protos.V1.IdentityAdminService.IdentityAdminServiceClient(channel),
            address.Text);
        try
        {
            return await action(session).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            await Context.Error.WriteLineAsync($"error: {RpcErrorMessage.Describe(ex, address, timeout)}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
