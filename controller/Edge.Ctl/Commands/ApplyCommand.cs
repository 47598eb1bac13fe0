using System.CommandLine;
using Edge.Ctl.Manifests;
using Edge.Ctl.Output;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Core = Edge.Agent.Core;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl apply -f FILE</c>: validate a workload manifest locally, then send it with its module.</summary>
internal static class ApplyCommand
{
    public static Command Create(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var file = new Option<string>("--filename", "-f")
        {
            Description = "Workload manifest (YAML). Its spec.module path is relative to this file.",
            HelpName = "FILE",
            Required = true,
        };
        var tenant = TenantOption.Create();
        tenant.Description = "The tenant of the workloads and autoscalers whose spec.tenant is unset (default: the context's tenant; else a tenant-admin's own, or \"default\"); one that names another is refused.";
        var apply = new Command("apply", "Create or update workloads, tenants, node groups and autoscalers from a manifest file.") { file, tenant };
        apply.SetAction(async (parseResult, cancellationToken) =>
        {
            // Everything is checked before the first call, so bad input changes nothing.
            var (loaded, tenants, autoscalers, nodeGroups) = await ManifestLoader.LoadEveryKindAsync(parseResult.GetRequiredValue(file), cancellationToken)
                .ConfigureAwait(false);
            if (!loaded.IsValid)
            {
                foreach (var error in loaded.Errors)
                {
                    await invoker.Context.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
                }

                return ExitCodes.Usage;
            }

            // As kubectl's -n: fills in an unset tenant, refuses a manifest that names another one.
            var flag = TenantOption.Get(parseResult, tenant);
            var conflicts = loaded.Items.Where(w => Conflicts(w.Manifest.Placement.Tenant, flag)).Select(w => $"workload {w.Manifest.Name}: spec.tenant '{w.Manifest.Placement.Tenant}' does not match --tenant '{flag}'")
                .Concat(autoscalers.Where(a => Conflicts(a.Tenant, flag)).Select(a => $"workloadautoscaler {a.Name}: spec.tenant '{a.Tenant}' does not match --tenant '{flag}'")).ToList();
            if (conflicts.Count > 0)
            {
                foreach (var conflict in conflicts)
                {
                    await invoker.Context.Error.WriteLineAsync($"error: {conflict}").ConfigureAwait(false);
                }

                return ExitCodes.Usage;
            }

            return await invoker.RunAsync(
                parseResult,
                async session =>
                {
                    // Tenants first: the workloads of the same file may name them.
                    foreach (var tenant in tenants)
                    {
                        var applied = await session.Client.ApplyTenantAsync(PlacementRequest.ToRequest(tenant), session.NewCall())
                            .ConfigureAwait(false);
                        await invoker.Context.Out.WriteLineAsync($"tenant/{applied.Name} {(applied.Changed ? "configured" : "unchanged")}").ConfigureAwait(false);
                    }

                    // Node groups before workloads: a workload that fits nowhere can then ask one for a node.
                    await NodeGroupCommands.ApplyAsync(session, nodeGroups, invoker.Context.Out).ConfigureAwait(false);
                    foreach (var workload in loaded.Items)
                    {
                        var request = ToRequest(workload);
                        request.Tenant = request.Tenant.Length > 0 ? request.Tenant : flag;
                        var response = await session.Client.ApplyWorkloadAsync(request, session.NewCall())
                            .ConfigureAwait(false);
                        ApplyResultFormatter.Write(workload.Manifest.Name, response, invoker.Context.Out);
                    }

                    // Autoscalers last: they target the workloads above.
                    foreach (var autoscaler in autoscalers)
                    {
                        var request = AutoscalerCommands.ToRequest(autoscaler);
                        request.Tenant = request.Tenant.Length > 0 ? request.Tenant : flag;
                        var applied = await session.Client.ApplyAutoscalerAsync(request, session.NewCall()).ConfigureAwait(false);
                        await invoker.Context.Out.WriteLineAsync($"workloadautoscaler/{applied.Name} {(applied.Changed ? "configured" : "unchanged")}").ConfigureAwait(false);
                    }

                    return ExitCodes.Success;
                },
                cancellationToken).ConfigureAwait(false);
        });
        return apply;
    }

    private static bool Conflicts(string manifest, string flag) => manifest.Length > 0 && flag.Length > 0 && manifest != flag;

    internal static ApplyWorkloadRequest ToRequest(LoadedWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var manifest = workload.Manifest;
        var request = new ApplyWorkloadRequest
        {
            Name = manifest.Name,
            Module = ByteString.CopyFrom(workload.ModuleBytes.Span),
        };
        foreach (var (key, value) in manifest.NodeSelector)
        {
            request.NodeSelector[key] = value;
        }

        foreach (var (key, value) in manifest.Env)
        {
            request.Env[key] = value;
        }

        request.Args.Add(manifest.Args);
        request.AddPlacement(manifest.Placement);
        if (manifest.Pool != Core.PoolSpec.Default)
        {
            request.Pool = new PoolSpec
            {
                MinWarm = manifest.Pool.MinWarm,
                MaxConcurrency = manifest.Pool.MaxConcurrency,
                MaxQueue = manifest.Pool.MaxQueue,
                IdleAfter = Duration.FromTimeSpan(manifest.Pool.IdleAfter),
            };
        }

        if (manifest.Limits != Core.LimitsSpec.Default)
        {
            request.Limits = new WorkloadLimits
            {
                Timeout = manifest.Limits.Timeout is { } timeout ? Duration.FromTimeSpan(timeout) : null,
                Fuel = manifest.Limits.Fuel,
                MemoryBytes = manifest.Limits.MemoryBytes,
                MaxOutputBytes = manifest.Limits.MaxOutputBytes,
            };
        }

        if (manifest.Job is { } job)
        {
            request.Job = new JobSpec { RestartPolicy = job.RestartPolicy.ToString(), BackoffLimit = job.BackoffLimit };
        }

        if (manifest.HttpOutput.Length > 0)
        {
            request.Http = new HttpOutput { Output = manifest.HttpOutput };
        }

        request.Volumes.Add(manifest.Volumes.Select(v => new WorkloadVolume
        {
            Name = v.Name,
            Kind = Core.VolumeText.Of(v.Kind),
            MountPath = v.MountPath,
            SizeBytes = v.SizeBytes,
            ReadOnly = v.ReadOnly,
            EmptyOn = v.Kind == Core.VolumeKind.Scratch ? Core.VolumeText.Of(v.EmptyOn) : "",
            ReclaimPolicy = v.Kind == Core.VolumeKind.Persistent ? Core.VolumeText.Of(v.ReclaimPolicy) : "",
        }));

        request.Triggers.Add(manifest.Triggers.Select(t => new Trigger
        {
            Kind = t.Kind switch
            {
                Core.TriggerKind.Http => TriggerKind.Http,
                Core.TriggerKind.Mqtt => TriggerKind.Mqtt,
                Core.TriggerKind.Interval => TriggerKind.Interval,
                _ => TriggerKind.Once,
            },
            Topic = t.Topic,
            ReplyTopic = t.ReplyTopic,
            Interval = t.Kind == Core.TriggerKind.Interval ? Duration.FromTimeSpan(t.Interval) : null,
        }));
        return request;
    }
}
