using System.CommandLine;
using Edge.Ctl.Output;
using Edge.Protos.V1;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl top nodes|workloads</c>: the latest telemetry, as <c>kubectl top</c>.</summary>
internal static class TopCommand
{
    public static Command Create(AdminInvoker invoker) =>
        new("top", "Show the latest telemetry of nodes or workloads.")
        {
            CreateNodes(invoker),
            CreateWorkloads(invoker),
        };

    private static Command CreateNodes(AdminInvoker invoker)
    {
        var output = OutputOption.Create();
        var nodes = new Command("nodes", "CPU, memory, load, disk, network and outbox of each node, from its latest sample.") { output };
        nodes.Aliases.Add("node");
        nodes.Aliases.Add("no");
        nodes.SetAction((parseResult, cancellationToken) => invoker.RunAsync(
            parseResult,
            async session =>
            {
                var response = await session.Client.TopNodesAsync(new TopNodesRequest(), session.NewCall()).ConfigureAwait(false);
                var format = OutputOption.Get(parseResult, output);
                if (response.Nodes.Count == 0 && format == OutputFormat.Table)
                {
                    await invoker.Context.Error.WriteLineAsync("No telemetry received yet.").ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                TopFormatter.WriteNodes(response.Nodes, format, invoker.Context.Out, invoker.Context.Time.GetUtcNow());
                return ExitCodes.Success;
            },
            cancellationToken));
        return nodes;
    }

    private static Command CreateWorkloads(AdminInvoker invoker)
    {
        var output = OutputOption.Create();
        var node = new Option<string>("--node") { Description = "Only this node (default: summed over the fleet)." };
        var tenant = TenantOption.Create();
        var all = TenantOption.CreateAll();
        var workloads = new Command("workloads", "Request and failure rates, latency and instances of each workload.") { output, node, tenant, all };
        workloads.Aliases.Add("workload");
        workloads.Aliases.Add("wl");
        workloads.SetAction((parseResult, cancellationToken) => invoker.RunAsync(
            parseResult,
            async session =>
            {
                var request = new TopWorkloadsRequest { Node = parseResult.GetValue(node) ?? "", Tenant = TenantOption.Get(parseResult, tenant), AllTenants = parseResult.GetValue(all) };
                var response = await session.Client.TopWorkloadsAsync(request, session.NewCall()).ConfigureAwait(false);
                var format = OutputOption.Get(parseResult, output);
                if (response.Workloads.Count == 0 && format == OutputFormat.Table)
                {
                    await invoker.Context.Error.WriteLineAsync("No workload telemetry received yet.").ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                TopFormatter.WriteWorkloads(response.Workloads, format, invoker.Context.Out, parseResult.GetValue(all));
                return ExitCodes.Success;
            },
            cancellationToken));
        return workloads;
    }
}
