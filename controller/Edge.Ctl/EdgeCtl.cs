using System.CommandLine;
using System.CommandLine.Invocation;
using Edge.Ctl.Client;
using Edge.Ctl.Commands;

namespace Edge.Ctl;

/// <summary>The edgectl entry point: builds the command tree and runs one command line.</summary>
internal static class EdgeCtl
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var context = new CtlContext(
            stdout,
            stderr,
            TimeProvider.System,
            Environment.GetEnvironmentVariable(ControllerAddress.EnvironmentVariable),
            Config.CtlConfigFile.DefaultPath());
        return RunAsync(args, context, cancellationToken);
    }

    public static async Task<int> RunAsync(string[] args, CtlContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);

        var root = BuildRootCommand(context);
        var parseResult = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error };

        if (parseResult.Action is ParseErrorAction parseError)
        {
            // Print the parser's own message and typo suggestions, all on stderr, not the whole help
            // page; exit 2 so scripts can tell bad usage from a failed operation.
            parseError.ShowHelp = false;
            var errorsOnly = new InvocationConfiguration { Output = context.Error, Error = context.Error };
            await parseResult.InvokeAsync(errorsOnly, cancellationToken).ConfigureAwait(false);
            await context.Error.WriteLineAsync($"Run '{CommandPath(parseResult)} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    internal static RootCommand BuildRootCommand(CtlContext context)
    {
        var global = new GlobalOptions();
        var invoker = new AdminInvoker(context, global);
        var root = new RootCommand("edgectl: manage an Edge fleet through the controller's admin API.")
        {
            global.Controller,
            global.Timeout,
            global.Context,
            TokenCommand.Create(invoker),
            CsrCommand.Create(invoker),
            BundleCommand.Create(invoker),
            ConfigCommand.Create(context),
            NodesCommand.Create(invoker),
            GetCommand.Create(invoker),
            ApplyCommand.Create(invoker),
            TopCommand.Create(invoker),
            SimulateCommand.Create(context),
            WorkloadCommands.CreateDelete(invoker),
            WorkloadCommands.CreateScale(invoker),
            WorkloadCommands.CreateExplain(invoker),
            LogsCommand.Create(invoker),
            AutoscalerCommands.CreateAutoscale(invoker),
            VerticalCommands.CreateResize(invoker),
            VerticalCommands.CreateRecommend(invoker),
            RolloutCommands.Create(invoker),
        };
        NodeGroupCommands.Register(root, invoker);
        return root;
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new Stack<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(result.Parent is null ? "edgectl" : result.Command.Name);
        }

        return string.Join(' ', names);
    }
}
