using System.CommandLine;
using Edge.Ctl.Output;
using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl nodes list|get</c> and the node admin commands.</summary>
internal static class NodesCommand
{
    public static Command Create(AdminInvoker invoker)
    {
        var nodes = new Command("nodes", "Inspect the fleet's nodes.")
        {
            CreateList(invoker, "list", "List nodes with their status, capacity and workloads."),
            CreateGet(invoker),
            NodeRevokeCommand.Create(invoker),
        };
        foreach (var command in NodeAdminCommands.Create(invoker))
        {
            nodes.Add(command);
        }

        nodes.Aliases.Add("node");
        nodes.Aliases.Add("no");
        return nodes;
    }

    public static Command CreateList(AdminInvoker invoker, string name, string description)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var output = OutputOption.Create();
        var list = new Command(name, description) { output };
        list.SetAction((parseResult, cancellationToken) => invoker.RunAsync(
            parseResult,
            async session =>
            {
                var response = await session.Client.ListNodesAsync(new ListNodesRequest(), session.NewCall())
                    .ConfigureAwait(false);
                var format = OutputOption.Get(parseResult, output);
                if (response.Nodes.Count == 0 && format == OutputFormat.Table)
                {
                    await invoker.Context.Error.WriteLineAsync("No nodes found.").ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                NodeListFormatter.Write(response.Nodes, format, invoker.Context.Time.GetUtcNow(), invoker.Context.Out);
                return ExitCodes.Success;
            },
            cancellationToken));
        return list;
    }

    private static Command CreateGet(AdminInvoker invoker)
    {
        var output = OutputOption.Create();
        var nodeName = new Argument<string>("name") { Description = "The node's name." };
        var get = new Command("get", "Show one node: facts, labels, workloads and last telemetry.") { nodeName, output };
        get.Aliases.Add("describe");
        get.SetAction((parseResult, cancellationToken) => invoker.RunAsync(
            parseResult,
            async session =>
            {
                var name = parseResult.GetRequiredValue(nodeName);
                Node node;
                try
                {
                    node = await session.Client.GetNodeAsync(new GetNodeRequest { Name = name }, session.NewCall())
                        .ConfigureAwait(false);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                {
                    await invoker.Context.Error.WriteLineAsync($"error: node \"{name}\" not found").ConfigureAwait(false);
                    return ExitCodes.Failure;
                }

                NodeDetailFormatter.Write(node, OutputOption.Get(parseResult, output), invoker.Context.Time.GetUtcNow(), invoker.Context.Out);
                return ExitCodes.Success;
            },
            cancellationToken));
        return get;
    }
}
