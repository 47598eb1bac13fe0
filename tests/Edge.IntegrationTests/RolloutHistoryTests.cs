using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>Revisions end to end: history and undo with the real edgectl, real agents, and the previous module kept on the node.</summary>
public sealed class RolloutHistoryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task NewModule_HistoryListsBoth_UndoBringsTheFirstBackFromTheNodesOwnCache()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Condition == NodeCondition.Ready, Bound, "node-1 Ready");

        var (code, output) = await fleet.EdgectlAsync("apply", "-f", await fleet.WriteWorkloadManifestAsync("web", ""));
        Assert.That(code, Is.Zero, output);
        var first = (await fleet.WorkloadAsync("web")).ModuleDigest;
        await Eventually.Until(() => fleet.NodeAsync("node-1"), n => Runs(n, first), Bound, "node-1 runs revision 1");

        (code, output) = await fleet.EdgectlAsync("apply", "-f", await fleet.WriteWorkloadManifestAsync("web", "", Repo.Sample("echo/echo.wat")));
        Assert.That(code, Is.Zero, output);
        var second = (await fleet.WorkloadAsync("web")).ModuleDigest;
        Assert.That(second, Is.Not.EqualTo(first));
        await Eventually.Until(() => fleet.NodeAsync("node-1"), n => Runs(n, second), Bound, "node-1 runs revision 2");
        Assert.That(File.Exists(Path.Combine(fleet.AgentDataDir("node-1"), "modules", first.Replace(':', '-') + ".wasm")), Is.True,
            "the node keeps the previous revision's module");

        var (historyCode, history) = await fleet.EdgectlAsync("rollout", "history", "web");
        Assert.That(historyCode, Is.Zero, history);
        var rows = history.Split('\n').Where(l => l.Length > 0 && char.IsDigit(l[0])).ToList();
        Assert.That(rows, Has.Count.EqualTo(2), history);
        Assert.That(rows[0], Does.StartWith("1 ").And.Contain("created"));
        Assert.That(rows[1], Does.StartWith("2 (current)").And.Contain($"module {first[..19]} → {second[..19]}"));

        var (undoCode, undo) = await fleet.EdgectlAsync("rollout", "undo", "web");
        Assert.That(undoCode, Is.Zero, undo);
        Assert.That(undo, Does.Contain("rolled back to revision 1 (now revision 3"));
        await Eventually.Until(() => fleet.NodeAsync("node-1"), n => Runs(n, first), Bound, "node-1 runs revision 1's module again");

        var (badCode, bad) = await fleet.EdgectlAsync("rollout", "undo", "web", "--to-revision", "9");
        Assert.That(badCode, Is.EqualTo(1), bad);
        Assert.That(bad, Does.Contain("revision 9 of workload web is not kept (kept: 1, 2, 3)"));
        Assert.That((await fleet.WorkloadAsync("web")).ModuleDigest, Is.EqualTo(first), "a refused undo changes nothing");

        var (eventsCode, events) = await fleet.EdgectlAsync("get", "events", "--for", "workload/web");
        Assert.That(eventsCode, Is.Zero, events);
        Assert.That(events, Does.Contain("RevisionCreated").And.Contain("revision 3: rollback to revision 1"));
    }

    private static bool Runs(Node node, string digest) =>
        node.Workloads.Any(w => w.Name == "web" && w.ModuleDigest == digest && w.Phase == WorkloadPhase.Running);
}
