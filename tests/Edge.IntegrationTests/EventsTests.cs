using System.Text.Json;
using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>The event log end to end: real controller, real agents killed with SIGKILL, the real edgectl.</summary>
public sealed class EventsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task AgentKilled_DisconnectedEventInGetEvents_AndStillThereAfterAControllerKill()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync("--Controller:Events:FlushPeriod=00:00:00.100");
        fleet.StartAgent("node-1");
        await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Condition == NodeCondition.Ready, Bound, "node-1 Ready");

        fleet.Agent("node-1").Kill();
        var (code, table) = await Eventually.Until(() => fleet.EdgectlAsync("get", "events", "--for", "node/node-1"),
            r => r.Output.Contains("NodeDisconnected", StringComparison.Ordinal), Bound, "edgectl get events shows node-1 Disconnected");

        Assert.That(code, Is.Zero, table);
        var header = table.Split('\n').First(l => l.StartsWith("LAST SEEN", StringComparison.Ordinal));
        Assert.That(header, Does.Match("^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$"));
        var row = table.Split('\n').Single(l => l.Contains("NodeDisconnected", StringComparison.Ordinal));
        Assert.That(row, Does.Contain("Warning").And.Contain("node/node-1").And.Contain("no heartbeat"));
        Assert.That(table, Does.Contain("NodeReady").And.Contain("RegisteredNode"));

        // What was flushed survives a SIGKILL of the controller.
        await Eventually.Until(fleet.ControllerMetricsAsync, m => LocalFleet.Figure(m, "edge_events_unflushed") == 0, Bound, "the events are written to the fleet store");
        fleet.KillController();
        await fleet.StartControllerAsync();
        var (jsonCode, json) = await fleet.EdgectlAsync("get", "events", "--for", "node/node-1", "--type", "Warning", "-o", "json");
        Assert.That(jsonCode, Is.Zero, json);
        using var doc = JsonDocument.Parse(json[json.IndexOf('{', StringComparison.Ordinal)..]);
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.That(items.Select(i => i.GetProperty("reason").GetString()), Does.Contain("NodeDisconnected"));
        Assert.That(items.Select(i => i.GetProperty("type").GetString()), Is.All.EqualTo("Warning"));
    }

    [Test]
    public async Task GetEventsWatch_NodeJoinsAfterTheList_ItsEventsArrive_AndAControllerStopEndsItWithAnError()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        using var watch = ChildProcess.Start("edgectl-watch", Repo.CtlDll, ["--controller", fleet.ControllerUrl, "get", "events", "-w"]);
        await Eventually.Until(() => watch.OutputContains("LAST SEEN"), Bound, "the watch printed its header");

        fleet.StartAgent("node-2");
        await Eventually.Until(() => watch.OutputContains("NodeReady"), Bound, "the watch printed node-2 Ready");

        Assert.That(watch.HasExited, Is.False, "a watch runs until stopped");
        Assert.That(watch.Output, Does.Contain("node/node-2"));

        // The controller stops: the watch says so and fails, rather than hanging or ending as if all were well.
        fleet.Controller.Terminate();
        var code = await watch.WaitForExitAsync(Bound);
        Assert.That(code, Is.EqualTo(1), watch.Output);
        Assert.That(watch.Output, Does.Contain("error:"));
    }

    [Test]
    public async Task GetEvents_BadFor_UsageErrorNamingIt()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var (code, output) = await fleet.EdgectlAsync("get", "events", "--for", "pod/web");
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("kind 'pod' is not one of"));
    }
}
