using System.CommandLine;
using Edge.Ctl.Output;
using Edge.Protos.V1;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl get workloads|nodes</c>, for kubectl habits.</summary>
internal static class GetCommand
{
    public static Command Create(AdminInvoker invoker)
    {
        var nodes = NodesCommand.CreateList(invoker, "nodes", "List nodes (same as 'nodes list').");
        nodes.Aliases.Add("node");
        nodes.Aliases.Add("no");
        return new Command("get", "List resources.")
        {
            CreateWorkloads(invoker),
            nodes,
            WorkloadCommands.CreateGetTenants(invoker),
            AutoscalerCommands.CreateGet(invoker),
            EventCommands.CreateGet(invoker),
        };
    }

    private static Command CreateWorkloads(AdminInvoker invoker)
    {
        var output = OutputOption.Create();
        var tenant = TenantOption.Create();
        var all = TenantOption.CreateAll();
        var workloads = new Command("workloads", "List workloads with their module and how many nodes run them.") { tenant, all, output };
        workloads.Aliases.Add("workload");
        workloads.Aliases.Add("wl");
        workloads.SetAction((parseResult, cancellationToken) => invoker.RunAsync(
            parseResult,
            async session =>
            {
                var response = await session.Client.ListWorkloadsAsync(new ListWorkloadsRequest { Tenant = TenantOption.Get(parseResult, tenant), AllTenants = parseResult.GetValue(all) }, session.NewCall())
                    .ConfigureAwait(false);
                var format = OutputOption.Get(parseResult, output);
                if (response.Workloads.Count == 0 && format == OutputFormat.Table)
                {
                    await invoker.Context.Error.WriteLineAsync("No workloads found.").ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                WorkloadListFormatter.Write(response.Workloads, format, invoker.Context.Out);
                return ExitCodes.Success;
            },
            cancellationToken));
        return workloads;
    }
}
