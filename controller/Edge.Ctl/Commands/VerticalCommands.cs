using System.CommandLine;
using Edge.Ctl.Manifests;
using Edge.Ctl.Output;
using Edge.Protos.V1;

namespace Edge.Ctl.Commands;

/// <summary><c>resize workload</c> and <c>recommend workload</c>: vertical scaling.</summary>
internal static class VerticalCommands
{
    public static Command CreateResize(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var output = OutputOption.Create();
        var name = new Argument<string>("name") { Description = "The workload's name." };
        var cpu = new Option<string>("--cpu") { Description = "CPU reserved per replica, e.g. 250m or 0.5." };
        var memory = new Option<string>("--memory") { Description = "Memory reserved per replica and allowed per invocation, e.g. 128Mi." };
        cpu.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } text && !Quantity.TryParseCpu(text, out _))
            {
                r.AddError($"--cpu '{text}' is not a CPU quantity (e.g. 250m, 0.5, 2)");
            }
        });
        memory.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } text && !Quantity.TryParseBytes(text, out _))
            {
                r.AddError($"--memory '{text}' is not a byte quantity (e.g. 128Mi, 1Gi, 500M)");
            }
        });
        var tenant = TenantOption.Create();
        var workload = new Command("workload", "Change a workload's reservation and per-invocation memory limit in place; replicas do not move or restart, invocations in flight finish.") { name, cpu, memory, tenant, output };
        workload.Aliases.Add("wl");
        workload.Validators.Add(r =>
        {
            if (r.GetResult(cpu) is null && r.GetResult(memory) is null)
            {
                r.AddError("give --cpu, --memory or both");
            }
        });
        workload.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var request = new ResizeWorkloadRequest { Name = parseResult.GetRequiredValue(name), Tenant = TenantOption.Get(parseResult, tenant) };
            if (parseResult.GetValue(cpu) is { } c && Quantity.TryParseCpu(c, out var millis))
            {
                request.CpuMillicores = millis;
            }

            if (parseResult.GetValue(memory) is { } m && Quantity.TryParseBytes(m, out var bytes))
            {
                request.MemoryBytes = bytes;
            }

            var resized = await session.Client.ResizeWorkloadAsync(request, session.NewCall()).ConfigureAwait(false);
            var requests = resized.Requests ?? new Resources();
            return await ChangeOutput.WriteAsync(invoker.Context, OutputOption.Get(parseResult, output),
                $"workload/{resized.Name} resized: {Units.Cpu((int)requests.CpuMillicores)} cpu, {Units.Bytes(requests.MemoryBytes)} memory per replica",
                ViewMapper.ToView(resized)).ConfigureAwait(false);
        }, cancellationToken));
        return new Command("resize", "Change reservations in place (vertical scaling).") { workload };
    }

    public static Command CreateRecommend(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var output = OutputOption.Create();
        var name = new Argument<string>("name") { Description = "The workload's name." };
        var tenant = TenantOption.Create();
        var workload = new Command("workload", "Recommend a reservation per replica from the workload's observed usage, with the reasons.") { name, tenant, output };
        workload.Aliases.Add("wl");
        workload.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var r = await session.Client.RecommendWorkloadAsync(new RecommendWorkloadRequest { Name = parseResult.GetRequiredValue(name), Tenant = TenantOption.Get(parseResult, tenant) }, session.NewCall()).ConfigureAwait(false);
            var view = new RecommendationView(
                r.Name,
                ToView(r.Current),
                r.Recommended is null ? null : ToView(r.Recommended),
                r.WorthResizing,
                r.Samples,
                [.. r.Reasons])
            {
                Tenant = r.Tenant,
            };
            var format = OutputOption.Get(parseResult, output);
            if (format != OutputFormat.Table)
            {
                StructuredWriter.Write(view, format, invoker.Context.Out);
                return ExitCodes.Success;
            }

            var writer = invoker.Context.Out;
            writer.WriteLine($"workload/{view.Name}: current {view.Current.Cpu} cpu, {view.Current.Memory} memory per replica");
            writer.WriteLine(view.Recommended is { } rec
                ? $"recommended {rec.Cpu} cpu, {rec.Memory} memory ({(view.WorthResizing ? "worth a resize" : "keep the current one")}); from {view.Samples} usage samples"
                : $"no recommendation yet; {view.Samples} usage samples");
            foreach (var reason in view.Reasons)
            {
                writer.WriteLine($"  - {reason}");
            }

            if (view.Recommended is { } apply && view.WorthResizing)
            {
                writer.WriteLine($"apply it: edgectl resize workload {view.Name} --cpu {apply.CpuMillicores}m --memory {apply.MemoryBytes}");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return new Command("recommend", "Recommend reservations from observed usage.") { workload };
    }

    private static ResourcesView ToView(Resources? r) =>
        new(Units.Cpu((int)(r?.CpuMillicores ?? 0)), Units.Bytes(r?.MemoryBytes ?? 0), r?.CpuMillicores ?? 0, r?.MemoryBytes ?? 0);
}
