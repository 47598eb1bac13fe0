using System.CommandLine;
using Edge.Ctl.Output;
using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl get events [--for KIND/NAME] [--type Warning] [-w] [-o wide|json|yaml]</c>, as kubectl get events.</summary>
internal static class EventCommands
{
    /// <summary>The object kinds <c>--for</c> takes, with kubectl-like short names.</summary>
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["workload"] = "Workload",
        ["workloads"] = "Workload",
        ["wl"] = "Workload",
        ["node"] = "Node",
        ["nodes"] = "Node",
        ["no"] = "Node",
        ["autoscaler"] = "Autoscaler",
        ["hpa"] = "Autoscaler",
        ["nodegroup"] = "NodeGroup",
        ["ng"] = "NodeGroup",
        ["tenant"] = "Tenant",
        ["identity"] = "Identity",
    };

    public static Command CreateGet(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var output = new Option<string>("--output", "-o") { Description = "Output format.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "wide", "json", "yaml");
        var forObject = new Option<string?>("--for") { Description = "Only the events of one object, KIND/NAME: workload/web, node/node-1, autoscaler/web, nodegroup/edge.", HelpName = "KIND/NAME" };
        forObject.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && Parse(text).Error is { } error)
            {
                r.AddError(error);
            }
        });
        var type = new Option<string?>("--type") { Description = "Only Normal or only Warning events.", HelpName = "TYPE" };
        type.AcceptOnlyFromAmong("Normal", "Warning");
        var watch = new Option<bool>("--watch", "-w") { Description = "After the list, print each new or repeated event as it happens (Ctrl-C ends)." };
        var tenant = TenantOption.Create();
        var all = TenantOption.CreateAll();
        var command = new Command("events", "List what the controller decided and saw: node conditions, placement, scaling, quota refusals, identity (newest last).")
        {
            forObject, type, watch, tenant, all, output,
        };
        command.Aliases.Add("event");
        command.Aliases.Add("ev");
        command.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var (kind, name, _) = parseResult.GetValue(forObject) is { } text ? Parse(text) : ("", "", null);
            var list = new ListEventsRequest
            {
                Tenant = TenantOption.Get(parseResult, tenant),
                AllTenants = parseResult.GetValue(all),
                Kind = kind,
                Name = name,
                Type = parseResult.GetValue(type) ?? "",
            };
            var format = parseResult.GetValue(output) switch
            {
                "json" => OutputFormat.Json,
                "yaml" => OutputFormat.Yaml,
                _ => OutputFormat.Table,
            };
            var formatter = new EventFormatter(format, parseResult.GetValue(output) == "wide", list.AllTenants, invoker.Context.Out);
            var response = await session.Client.ListEventsAsync(list, session.NewCall()).ConfigureAwait(false);
            var following = parseResult.GetValue(watch);
            if (response.Events.Count == 0 && format == OutputFormat.Table && !following)
            {
                await invoker.Context.Error.WriteLineAsync("No events found.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            formatter.WriteList(response.Events, invoker.Context.Time.GetUtcNow());
            if (response.Omitted > 0)
            {
                await invoker.Context.Error.WriteLineAsync($"({response.Omitted} older events not shown)").ConfigureAwait(false);
            }

            if (!following)
            {
                return ExitCodes.Success;
            }

            var request = new WatchEventsRequest
            {
                Tenant = list.Tenant,
                AllTenants = list.AllTenants,
                Kind = list.Kind,
                Name = list.Name,
                Type = list.Type,
                AfterSequence = response.Sequence,
            };
            try
            {
                using var call = session.Client.WatchEvents(request, session.NewStream());
                while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
                {
                    formatter.WriteWatched(call.ResponseStream.Current, invoker.Context.Time.GetUtcNow());
                }

                // Not cancelled here: the controller ended the watch (it is stopping).
                await invoker.Context.Error.WriteLineAsync("error: the controller ended the watch (stopping or restarting); run the command again").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>"workload/web" → (Workload, web); a bad one → the error to show.</summary>
    internal static (string Kind, string Name, string? Error) Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            return ("", "", $"--for '{text}' is not KIND/NAME (e.g. workload/web, node/node-1)");
        }

        return Kinds.TryGetValue(text[..slash], out var kind)
            ? (kind, text[(slash + 1)..], null)
            : ("", "", $"--for '{text}': kind '{text[..slash]}' is not one of workload, node, autoscaler, nodegroup, tenant, identity");
    }
}
