using System.CommandLine;
using Edge.Ctl.Output;
using Edge.Protos.V1;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl nodes label|taint|cordon|uncordon|drain|delete NAME</c>.</summary>
internal static class NodeAdminCommands
{
    public static IEnumerable<Command> Create(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        yield return WithArgs(invoker, "label", "Set (key=value) or remove (key-) node labels; admin labels win over the agent's.", "labeled",
            (name, args) =>
            {
                var request = new LabelNodeRequest { Name = name };
                return (NodeArgs.ParseLabels(args, request), session => session.Client.LabelNodeAsync(request, session.NewCall()).ResponseAsync);
            });
        yield return WithArgs(invoker, "taint", "Add (key=value:Effect) or remove (key- or key:Effect-) node taints.", "tainted",
            (name, args) =>
            {
                var request = new TaintNodeRequest { Name = name };
                return (NodeArgs.ParseTaints(args, request), session => session.Client.TaintNodeAsync(request, session.NewCall()).ResponseAsync);
            });
        yield return Simple(invoker, "cordon", "Stop placing new replicas on the node; its replicas stay.", "cordoned",
            (session, name) => session.Client.CordonNodeAsync(new CordonNodeRequest { Name = name, Cordoned = true }, session.NewCall()).ResponseAsync);
        yield return Simple(invoker, "uncordon", "Place replicas on the node again (also ends a drain).", "uncordoned",
            (session, name) => session.Client.CordonNodeAsync(new CordonNodeRequest { Name = name, Cordoned = false }, session.NewCall()).ResponseAsync);
        yield return Simple(invoker, "drain", "Cordon the node and move its replicas elsewhere, at most maxUnavailable of a workload at a time.", "draining",
            (session, name) => session.Client.DrainNodeAsync(new DrainNodeRequest { Name = name }, session.NewCall()).ResponseAsync);

        var output = OutputOption.Create();
        var nodeName = new Argument<string>("name") { Description = "The node's name." };
        var delete = new Command("delete", "Forget a node; its replicas are placed elsewhere. An agent that connects again registers anew.") { nodeName, output };
        delete.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var response = await session.Client.DeleteNodeAsync(new DeleteNodeRequest { Name = parseResult.GetRequiredValue(nodeName) }, session.NewCall()).ConfigureAwait(false);
            return await ChangeOutput.WriteAsync(invoker.Context, OutputOption.Get(parseResult, output),
                $"node/{response.Name} deleted ({response.ReplicasMoved} replicas to place elsewhere)", new { response.Name, response.ReplicasMoved }).ConfigureAwait(false);
        }, cancellationToken));
        yield return delete;
    }

    private static Command Simple(AdminInvoker invoker, string verb, string description, string done, Func<AdminSession, string, Task<Node>> call) =>
        WithArgs(invoker, verb, description, done, (name, _) => (null, session => call(session, name)), takesArgs: false);

    private static Command WithArgs(
        AdminInvoker invoker,
        string verb,
        string description,
        string done,
        Func<string, IReadOnlyList<string>, (string? Problem, Func<AdminSession, Task<Node>> Call)> prepare,
        bool takesArgs = true)
    {
        var output = OutputOption.Create();
        var nodeName = new Argument<string>("name") { Description = "The node's name." };
        var changes = new Argument<string[]>("changes") { Description = "What to change.", Arity = ArgumentArity.OneOrMore };
        var command = new Command(verb, description) { nodeName, output };
        if (takesArgs)
        {
            command.Add(changes);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetRequiredValue(nodeName);
            string[] args = takesArgs ? parseResult.GetRequiredValue(changes) : [];
            var (problem, call) = prepare(name, args);
            if (problem is not null)
            {
                // Checked before any call, so a bad argument changes nothing.
                await invoker.Context.Error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return await invoker.RunAsync(parseResult, async session =>
            {
                var node = await call(session).ConfigureAwait(false);
                return await ChangeOutput.WriteAsync(invoker.Context, OutputOption.Get(parseResult, output), $"node/{node.Name} {done}", ViewMapper.ToView(node)).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
