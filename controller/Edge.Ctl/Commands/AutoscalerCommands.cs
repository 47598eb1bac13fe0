using System.CommandLine;
using Edge.Ctl.Manifests;
using Edge.Ctl.Output;
using Edge.Protos.V1;
using Edge.Shared;
using Grpc.Core;

namespace Edge.Ctl.Commands;

/// <summary>
/// <c>edgectl autoscale workload NAME</c> (kubectl autoscale), <c>get autoscalers</c> (alias hpa),
/// <c>delete autoscaler NAME</c> and <c>explain autoscaler NAME</c> (docs/autoscaling.md).
/// </summary>
internal static class AutoscalerCommands
{
    public static Command CreateAutoscale(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var output = OutputOption.Create();
        var name = new Argument<string>("name") { Description = "The workload to autoscale (replicated)." };
        var min = new Option<int>("--min") { Description = "Fewest replicas (0 allows scale to zero).", DefaultValueFactory = _ => 1 };
        var max = new Option<int>("--max") { Description = "Most replicas.", Required = true };
        var cpu = new Option<int?>("--cpu-percent") { Description = "Target CPU use, in percent of each replica's CPU reservation (the default metric, at 80)." };
        var memory = new Option<int?>("--memory-percent") { Description = "Target memory use, in percent of each replica's memory reservation." };
        var metric = new Option<string[]>("--metric") { Description = "A per-replica target NAME=VALUE, e.g. invocations_per_s=50, memory_bytes=8000000, or guest:NAME=20 for a metric the workload reports itself (repeatable).", AllowMultipleArgumentsPerToken = false };
        var external = new Option<string[]>("--external") { Description = "A whole-workload metric's target per replica NAME=VALUE, e.g. queued_requests=20 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var tolerance = new Option<double?>("--tolerance") { Description = "Ratios within 1 ± tolerance change nothing (default 0.1)." };
        var autoscalerName = new Option<string?>("--name") { Description = "The autoscaler's name (default: the workload's)." };
        var tenant = TenantOption.Create();
        var workload = new Command("workload", "Create or change the autoscaler of a replicated workload.")
        {
            name, min, max, cpu, memory, metric, external, tolerance, autoscalerName, tenant, output,
        };
        workload.Aliases.Add("wl");
        workload.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetRequiredValue(name);
            var (spec, error) = AutoscaleFlags.ToSpec(
                target, parseResult.GetValue(min), parseResult.GetValue(max), parseResult.GetValue(cpu), parseResult.GetValue(memory),
                parseResult.GetValue(metric) ?? [], parseResult.GetValue(external) ?? [], parseResult.GetValue(tolerance));
            if (spec is null)
            {
                await invoker.Context.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return await invoker.RunAsync(parseResult, async session =>
            {
                var workloads = await session.Client.ListWorkloadsAsync(new ListWorkloadsRequest { Tenant = TenantOption.Get(parseResult, tenant) }, session.NewCall()).ConfigureAwait(false);
                if (workloads.Workloads.FirstOrDefault(w => w.Name == target) is not { } found)
                {
                    await invoker.Context.Error.WriteLineAsync($"error: workload \"{target}\" not found").ConfigureAwait(false);
                    return ExitCodes.Failure;
                }

                var manifest = new AutoscalerManifest(parseResult.GetValue(autoscalerName) ?? target, found.Tenant, spec);
                var applied = await session.Client.ApplyAutoscalerAsync(ToRequest(manifest), session.NewCall()).ConfigureAwait(false);
                return await ChangeOutput.WriteAsync(invoker.Context, OutputOption.Get(parseResult, output),
                    $"workloadautoscaler/{applied.Name} {(applied.Changed ? "autoscaled" : "unchanged")}", AutoscalerFormatter.ToView(applied)).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        });
        return new Command("autoscale", "Scale a workload's replicas by its metrics (HorizontalPodAutoscaler v2).") { workload };
    }

    public static Command CreateGet(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var output = OutputOption.Create();
        var tenant = TenantOption.Create();
        var all = TenantOption.CreateAll();
        var list = new Command("autoscalers", "List workload autoscalers with their targets and replica counts.") { tenant, all, output };
        list.Aliases.Add("autoscaler");
        list.Aliases.Add("hpa");
        list.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var response = await session.Client.ListAutoscalersAsync(
                new ListAutoscalersRequest { Tenant = TenantOption.Get(parseResult, tenant), AllTenants = parseResult.GetValue(all) }, session.NewCall()).ConfigureAwait(false);
            var format = OutputOption.Get(parseResult, output);
            if (response.Autoscalers.Count == 0 && format == OutputFormat.Table)
            {
                await invoker.Context.Error.WriteLineAsync("No autoscalers found.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            AutoscalerFormatter.WriteList(response.Autoscalers, format, invoker.Context.Out, invoker.Context.Time.GetUtcNow(), parseResult.GetValue(all));
            return ExitCodes.Success;
        }, cancellationToken));
        return list;
    }

    public static Command CreateDelete(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var output = OutputOption.Create();
        var name = AutoscalerName();
        var tenant = TenantOption.Create();
        var delete = new Command("autoscaler", "Delete a workload autoscaler; the workload keeps its current replica count.") { name, tenant, output };
        delete.Aliases.Add("hpa");
        delete.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var request = new DeleteAutoscalerRequest { Name = parseResult.GetRequiredValue(name), Tenant = TenantOption.Get(parseResult, tenant) };
            var response = await session.Client.DeleteAutoscalerAsync(request, session.NewCall()).ConfigureAwait(false);
            return await ChangeOutput.WriteAsync(invoker.Context, OutputOption.Get(parseResult, output),
                $"workloadautoscaler/{response.Name} deleted", new { response.Name }).ConfigureAwait(false);
        }, cancellationToken));
        return delete;
    }

    public static Command CreateExplain(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var output = OutputOption.Create();
        var name = AutoscalerName();
        var tenant = TenantOption.Create();
        var explain = new Command("autoscaler", "Show an autoscaler's conditions and its last decisions: each metric's proposal and the window, policy, bound or quota that limited it.") { name, tenant, output };
        explain.Aliases.Add("hpa");
        explain.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var explanation = await session.Client.ExplainAutoscalerAsync(new ExplainAutoscalerRequest { Name = parseResult.GetRequiredValue(name), Tenant = TenantOption.Get(parseResult, tenant) }, session.NewCall()).ConfigureAwait(false);
            AutoscalerFormatter.WriteExplanation(explanation, OutputOption.Get(parseResult, output), invoker.Context.Out, invoker.Context.Time.GetUtcNow());
            return ExitCodes.Success;
        }, cancellationToken));
        return explain;
    }

    /// <summary>
    /// After a manual scale: the autoscaler owns the count and sets it again at its next pass, as
    /// the HPA does to kubectl scale. Says so on stderr.
    /// </summary>
    public static async Task WarnIfAutoscaledAsync(AdminSession session, string workload, string tenant, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(error);
        ListAutoscalersResponse all;
        try
        {
            all = await session.Client.ListAutoscalersAsync(new ListAutoscalersRequest { Tenant = tenant }, session.NewCall()).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unimplemented or StatusCode.PermissionDenied)
        {
            return; // a controller without autoscalers, or a token that may not read them: nothing to warn about
        }

        if (all.Autoscalers.FirstOrDefault(a => a.Spec?.Workload == workload) is { } a)
        {
            await error.WriteLineAsync(
                $"warning: workload {workload} is autoscaled by workloadautoscaler/{a.Name} ({a.Spec.MinReplicas}-{a.Spec.MaxReplicas} replicas); it will set the count again at its next pass. Change the autoscaler, or delete it, instead.").ConfigureAwait(false);
        }
    }

    public static ApplyAutoscalerRequest ToRequest(AutoscalerManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new ApplyAutoscalerRequest { Name = manifest.Name, Tenant = manifest.Tenant, Spec = manifest.Spec.ToProto() };
    }

    private static Argument<string> AutoscalerName() => new("name") { Description = "The autoscaler's name." };
}
