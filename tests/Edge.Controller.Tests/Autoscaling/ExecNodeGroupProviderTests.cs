using System.Diagnostics;
using System.Text.Json;
using Edge.Controller.Autoscaling;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Controller.Tests.Autoscaling;

/// <summary>The exec provider with real shell scripts in a temp directory.</summary>
public sealed class ExecNodeGroupProviderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly NodeGroup Group = new()
    {
        Name = "pi",
        MaxSize = 10,
        Template = new PlacementNode
        {
            Name = "t",
            Allocatable = new ResourceAmount(4000, 4L << 30),
            Labels = new Dictionary<string, string> { ["edge.io/arch"] = "arm64" },
            Taints = [new Taint("edge.io/new", "", TaintEffect.PreferNoSchedule)],
        },
    };

    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-exec-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task IncreaseSize_ScriptSucceeds_GetsTheJsonRequestAndReportsNoFailure()
    {
        using var provider = Provider(Script("cat > \"$(dirname \"$0\")/request.json\"\necho \"$1\" > \"$(dirname \"$0\")/action\"\necho '{\"message\":\"waking 2 devices\"}'"));

        Assert.That(provider.IncreaseSize(Group, 2, T0), Is.Null);
        var events = await DrainAsync(provider);

        Assert.That(events, Is.Empty, "a success is not an event: the nodes enroll themselves");
        Assert.That(File.ReadAllText(Path.Combine(_dir, "action")).Trim(), Is.EqualTo("increase-size"));
        using var request = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "request.json")));
        var root = request.RootElement;
        Assert.That(root.GetProperty("group").GetString(), Is.EqualTo("pi"));
        Assert.That(root.GetProperty("delta").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("template").GetProperty("cpuMillis").GetInt64(), Is.EqualTo(4000));
        Assert.That(root.GetProperty("template").GetProperty("labels").GetProperty(NodeGroup.Label).GetString(), Is.EqualTo("pi"));
        Assert.That(root.GetProperty("template").GetProperty("taints")[0].GetString(), Is.EqualTo("edge.io/new:PreferNoSchedule"));
    }

    [Test]
    public async Task IncreaseSize_ScriptFails_ScaleUpFailedWithItsLastStderrLine()
    {
        using var provider = Provider(Script("cat > /dev/null\necho 'checking capacity' >&2\necho 'no capacity in rack 3' >&2\nexit 3"));

        provider.IncreaseSize(Group, 1, T0);
        var events = await DrainAsync(provider);

        Assert.That(events.Single().Kind, Is.EqualTo(ProviderEventKind.ScaleUpFailed));
        Assert.That(events.Single().Message, Does.Contain("exit code 3: no capacity in rack 3"));
    }

    [Test]
    public void IncreaseSize_ScriptStillRunningPastTheTimeout_KilledAndFailed()
    {
        using var provider = Provider(Script("exec sleep 60"), TimeSpan.FromSeconds(30));
        provider.IncreaseSize(Group, 1, T0);

        Assert.That(provider.Poll(T0.AddSeconds(29)), Is.Empty);
        var events = provider.Poll(T0.AddSeconds(30));

        Assert.That(events.Single().Message, Does.Contain("timed out after 30 s"));
        Assert.That(provider.Running, Is.Zero);
    }

    [Test]
    public async Task DeleteNode_ScriptSucceeds_NodeDeletedEvent()
    {
        using var provider = Provider(Script("cat > \"$(dirname \"$0\")/request.json\""));

        provider.DeleteNode(Group, "pi-7", T0);
        var events = await DrainAsync(provider);

        Assert.That(events.Single(), Has.Property("Kind").EqualTo(ProviderEventKind.NodeDeleted).And.Property("Message").EqualTo("pi-7"));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "request.json")), Does.Contain("\"node\":\"pi-7\""));
    }

    [Test]
    public void IncreaseSize_MissingScript_RefusedAtOnce()
    {
        using var provider = Provider(Path.Combine(_dir, "missing.sh"));

        Assert.That(provider.IncreaseSize(Group, 1, T0), Does.StartWith("cannot run"));
        Assert.That(provider.Running, Is.Zero);
    }

    private static ExecNodeGroupProvider Provider(string command, TimeSpan? timeout = null) =>
        new(new ExecProviderOptions { Command = command, Timeout = timeout ?? TimeSpan.FromMinutes(5) }, NullLogger<ExecNodeGroupProvider>.Instance);

    /// <summary>Polls until every call has finished, within a bound.</summary>
    private static async Task<List<ProviderEvent>> DrainAsync(ExecNodeGroupProvider provider)
    {
        var events = new List<ProviderEvent>();
        var bound = Stopwatch.StartNew();
        while (provider.Running > 0)
        {
            Assert.That(bound.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "the script did not finish");
            events.AddRange(provider.Poll(T0));
            await Task.Delay(20);
        }

        return events;
    }

    private string Script(string body)
    {
        var path = Path.Combine(_dir, "provider.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
