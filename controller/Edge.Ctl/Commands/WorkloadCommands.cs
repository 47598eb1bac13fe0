using System.CommandLine;
using Edge.Ctl.Output;
using Edge.Protos.V1;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl delete workload NAME</c>, <c>scale workload NAME --replicas N</c>, <c>explain workload NAME</c>.</summary>
internal static class WorkloadCommands
{
    public static Command CreateDelete(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var output = OutputOption.Create();
        var name = WorkloadName();
        var tenant = TenantOption.Create();
        var workload = new Command("workload", "Delete a workload and end its replicas.") { name, tenant, output };
        workload.Aliases.Add("wl");
        workload.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var response = await session.Client.DeleteWorkloadAsync(new DeleteWorkloadRequest { Name = parseResult.GetRequiredValue(name), Tenant = TenantOption.Get(parseResult, tenant) }, session.NewCall()).ConfigureAwait(false);
            return await ChangeOutput.WriteAsync(invoker.Context, OutputOption.Get(parseResult, output),
                $"workload/{response.Name} deleted ({response.ReplicasEnded} replicas ended)", new { response.Name, response.ReplicasEnded }).ConfigureAwait(false);
        }, cancellationToken));
        return new Command("delete", "Delete resources.") { workload, AutoscalerCommands.CreateDelete(invoker) };
    }

    public static Command CreateScale(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var output = OutputOption.Create();
        var name = WorkloadName();
        var replicas = new Option<int>("--replicas") { Description = "The new replica count (0 or more).", Required = true };
        replicas.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--replicas must be 0 or more");
            }
        });
        var tenant = TenantOption.Create();
        var workload = new Command("workload", "Set a replicated workload's replica count, within its tenant's quota.") { name, replicas, tenant, output };
        workload.Aliases.Add("wl");
        workload.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var scaled = await session.Client.ScaleWorkloadAsync(
                new ScaleWorkloadRequest { Name = parseResult.GetRequiredValue(name), Replicas = parseResult.GetValue(replicas), Tenant = TenantOption.Get(parseResult, tenant) }, session.NewCall()).ConfigureAwait(false);
            await AutoscalerCommands.WarnIfAutoscaledAsync(session, scaled.Name, scaled.Tenant, invoker.Context.Error).ConfigureAwait(false);
            return await ChangeOutput.WriteAsync(invoker.Context, OutputOption.Get(parseResult, output),
                $"workload/{scaled.Name} scaled: {scaled.ReplicasPlaced}/{scaled.ReplicasDesired} replicas placed", ViewMapper.ToView(scaled)).ConfigureAwait(false);
        }, cancellationToken));
        return new Command("scale", "Change replica counts.") { workload };
    }

    public static Command CreateExplain(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var output = OutputOption.Create();
        var name = WorkloadName();
        var tenant = TenantOption.Create();
        var workload = new Command("workload", "Show where each replica went with the runners-up and their scores, and why unplaced replicas fit nowhere.") { name, tenant, output };
        workload.Aliases.Add("wl");
        workload.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var explanation = await session.Client.ExplainWorkloadAsync(new ExplainWorkloadRequest { Name = parseResult.GetRequiredValue(name), Tenant = TenantOption.Get(parseResult, tenant) }, session.NewCall()).ConfigureAwait(false);
            ExplainFormatter.Write(explanation, OutputOption.Get(parseResult, output), invoker.Context.Out);
            return ExitCodes.Success;
        }, cancellationToken));
        return new Command("explain", "Explain placement and scaling decisions.") { workload, AutoscalerCommands.CreateExplain(invoker) };
    }

    public static Command CreateGetTenants(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var output = OutputOption.Create();
        var tenants = new Command("tenants", "List tenants with their quota and what their workloads use of it.") { output };
        tenants.Aliases.Add("tenant");
        tenants.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var response = await session.Client.ListTenantsAsync(new ListTenantsRequest(), session.NewCall()).ConfigureAwait(false);
            TenantListFormatter.Write(response.Tenants, OutputOption.Get(parseResult, output), invoker.Context.Out);
            return ExitCodes.Success;
        }, cancellationToken));
        return tenants;
    }

    private static Argument<string> WorkloadName() => new("name") { Description = "The workload's name." };
}
