using System.CommandLine;
using Edge.Ctl.Output;
using Edge.Protos.V1;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl rollout history|undo WORKLOAD</c>, as kubectl rollout (docs/rollouts.md).</summary>
internal static class RolloutCommands
{
    public static Command Create(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        return new Command("rollout", "A workload's revisions: list them, go back to one.")
        {
            CreateHistory(invoker),
            CreateUndo(invoker),
        };
    }

    private static Command CreateHistory(AdminInvoker invoker)
    {
        var name = new Argument<string>("workload") { Description = "The workload." };
        var tenant = TenantOption.Create();
        var output = OutputOption.Create();
        var history = new Command("history", "List a workload's kept revisions: number, age, module and what changed.") { name, tenant, output };
        history.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var response = await session.Client.ListRevisionsAsync(
                new ListRevisionsRequest { Name = parseResult.GetRequiredValue(name), Tenant = TenantOption.Get(parseResult, tenant) }, session.NewCall()).ConfigureAwait(false);
            RevisionFormatter.Write(response, OutputOption.Get(parseResult, output), invoker.Context.Out, invoker.Context.Time.GetUtcNow());
            return ExitCodes.Success;
        }, cancellationToken));
        return history;
    }

    private static Command CreateUndo(AdminInvoker invoker)
    {
        var name = new Argument<string>("workload") { Description = "The workload." };
        var to = new Option<int>("--to-revision") { Description = "The revision to go back to (default: the one before the current). It comes back as a new revision." };
        to.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError($"--to-revision {r.GetValueOrDefault<int>()} is negative");
            }
        });
        var tenant = TenantOption.Create();
        var output = OutputOption.Create();
        var undo = new Command("undo", "Apply a kept revision's module, args, env, limits and triggers again (placement and replicas stay).") { name, to, tenant, output };
        undo.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var response = await session.Client.UndoWorkloadAsync(
                new UndoWorkloadRequest { Name = parseResult.GetRequiredValue(name), Tenant = TenantOption.Get(parseResult, tenant), ToRevision = parseResult.GetValue(to) },
                session.NewCall()).ConfigureAwait(false);
            var line = response.Changed
                ? $"workload/{response.Name} rolled back to revision {response.FromRevision} (now revision {response.Revision}, module {Units.ShortDigest(response.ModuleDigest)}, {response.NodesTargeted} node(s) targeted)"
                : $"workload/{response.Name} skipped rollback (the current template already is revision {response.FromRevision}'s)";
            return await ChangeOutput.WriteAsync(invoker.Context, OutputOption.Get(parseResult, output), line,
                new { response.Name, response.FromRevision, response.Revision, response.ModuleDigest, response.NodesTargeted, response.Changed }).ConfigureAwait(false);
        }, cancellationToken));
        return undo;
    }
}
