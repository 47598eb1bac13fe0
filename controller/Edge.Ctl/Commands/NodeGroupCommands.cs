using System.CommandLine;
using Edge.Ctl.Manifests;
using Edge.Ctl.Output;
using Edge.Protos.V1;

namespace Edge.Ctl.Commands;

/// <summary>
/// <c>edgectl get nodegroups</c>, <c>delete nodegroup NAME</c>, <c>explain nodegroup NAME</c>,
/// <c>explain node NAME</c>, and applying <c>kind: NodeGroup</c> documents for <c>apply -f</c>.
/// </summary>
internal static class NodeGroupCommands
{
    /// <summary>Adds the node group commands under the get, delete and explain verbs (created if missing).</summary>
    public static void Register(Command root, AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(invoker);
        Verb(root, "get", "List resources.").Add(CreateGet(invoker));
        Verb(root, "delete", "Delete resources.").Add(CreateDelete(invoker));
        var explain = Verb(root, "explain", "Explain placement decisions.");
        explain.Add(CreateExplainGroup(invoker));
        explain.Add(CreateExplainNode(invoker));
    }

    public static async Task ApplyAsync(AdminSession session, IReadOnlyList<NodeGroupManifest> groups, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var manifest in groups)
        {
            var applied = await session.Client.ApplyNodeGroupAsync(ToRequest(manifest), session.NewCall()).ConfigureAwait(false);
            await output.WriteLineAsync($"nodegroup/{applied.Name} {(applied.Changed ? "configured" : "unchanged")}").ConfigureAwait(false);
        }
    }

    internal static ApplyNodeGroupRequest ToRequest(NodeGroupManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var g = manifest.Group;
        var template = new NodeGroupTemplate
        {
            Allocatable = new Resources { CpuMillicores = g.Template.Allocatable.CpuMillis, MemoryBytes = g.Template.Allocatable.MemoryBytes },
            MaxWorkloads = g.Template.MaxWorkloads,
        };
        template.ExtendedResources.Add(g.Template.ExtendedResources.ToDictionary(StringComparer.Ordinal));
        foreach (var (key, value) in g.Template.Labels)
        {
            template.Labels[key] = value;
        }

        template.Taints.Add(g.Template.Taints.Select(t => new NodeTaint { Key = t.Key, Value = t.Value, Effect = t.Effect.ToString() }));
        return new ApplyNodeGroupRequest
        {
            Name = g.Name,
            MinSize = g.MinSize,
            MaxSize = g.MaxSize,
            Template = template,
            Priority = g.Priority,
            Cost = g.Cost,
            Provider = manifest.Provider,
        };
    }

    private static Command Verb(Command root, string name, string description)
    {
        if (root.Subcommands.FirstOrDefault(c => c.Name == name) is { } existing)
        {
            return existing;
        }

        var verb = new Command(name, description);
        root.Add(verb);
        return verb;
    }

    private static Command CreateGet(AdminInvoker invoker)
    {
        var output = OutputOption.Create();
        var get = new Command("nodegroups", "List node groups: bounds, nodes now, nodes asked for, provider and backoff.") { output };
        get.Aliases.Add("nodegroup");
        get.Aliases.Add("ng");
        get.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var response = await session.Client.ListNodeGroupsAsync(new ListNodeGroupsRequest(), session.NewCall()).ConfigureAwait(false);
            var format = OutputOption.Get(parseResult, output);
            if (response.Groups.Count == 0 && format == OutputFormat.Table)
            {
                await invoker.Context.Error.WriteLineAsync("No node groups found.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            NodeGroupFormatter.WriteList(response.Groups, format, invoker.Context.Time.GetUtcNow(), invoker.Context.Out);
            return ExitCodes.Success;
        }, cancellationToken));
        return get;
    }

    private static Command CreateDelete(AdminInvoker invoker)
    {
        var output = OutputOption.Create();
        var name = GroupName();
        var delete = new Command("nodegroup", "Delete a node group; its nodes stay in the fleet, in no group.") { name, output };
        delete.Aliases.Add("ng");
        delete.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var response = await session.Client.DeleteNodeGroupAsync(new DeleteNodeGroupRequest { Name = parseResult.GetRequiredValue(name) }, session.NewCall()).ConfigureAwait(false);
            return await ChangeOutput.WriteAsync(invoker.Context, OutputOption.Get(parseResult, output),
                $"nodegroup/{response.Name} deleted ({response.NodesLeft} node(s) left in the fleet, in no group)", new { response.Name, response.NodesLeft }).ConfigureAwait(false);
        }, cancellationToken));
        return delete;
    }

    private static Command CreateExplainGroup(AdminInvoker invoker)
    {
        var output = OutputOption.Create();
        var name = GroupName();
        var explain = new Command("nodegroup", "Show a node group's state, the last verdict on each of its nodes and its scale-up/scale-down history.") { name, output };
        explain.Aliases.Add("ng");
        explain.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var explanation = await session.Client.ExplainNodeGroupAsync(new ExplainNodeGroupRequest { Name = parseResult.GetRequiredValue(name) }, session.NewCall()).ConfigureAwait(false);
            NodeGroupFormatter.WriteExplanation(explanation, OutputOption.Get(parseResult, output), invoker.Context.Time.GetUtcNow(), invoker.Context.Out);
            return ExitCodes.Success;
        }, cancellationToken));
        return explain;
    }

    private static Command CreateExplainNode(AdminInvoker invoker)
    {
        var output = OutputOption.Create();
        var name = new Argument<string>("name") { Description = "The node's name." };
        var explain = new Command("node", "Show why the node autoscaler removed a node or keeps it.") { name, output };
        explain.Aliases.Add("no");
        explain.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var explanation = await session.Client.ExplainNodeScaleDownAsync(new ExplainNodeScaleDownRequest { Name = parseResult.GetRequiredValue(name) }, session.NewCall()).ConfigureAwait(false);
            NodeGroupFormatter.WriteNode(explanation, OutputOption.Get(parseResult, output), invoker.Context.Time.GetUtcNow(), invoker.Context.Out);
            return ExitCodes.Success;
        }, cancellationToken));
        return explain;
    }

    private static Argument<string> GroupName() => new("name") { Description = "The node group's name." };
}
