using System.CommandLine;
using Edge.Agent.Hosting;

namespace Edge.Agent.Tests.Hosting;

public sealed class AgentCommandLineTests
{
    [Test]
    public void ToSettings_NoOptions_Empty()
    {
        var (settings, error) = Parse();

        Assert.That(error, Is.Null);
        Assert.That(settings, Is.Empty);
    }

    [Test]
    public void ToSettings_EachOption_MapsToItsKey()
    {
        var (settings, error) = Parse(
            "--controller", "http://c:7400",
            "--data-dir", "/tmp/edge",
            "--node-name", "n1",
            "--status-listen", "http://127.0.0.1:9",
            "--mqtt", "mqtt://b:1883",
            "--heartbeat", "00:00:05",
            "--telemetry-period", "00:00:07",
            "--log-format", "json");

        Assert.That(error, Is.Null);
        Assert.That(settings, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["Agent:Controller"] = "http://c:7400",
            ["Agent:DataDir"] = "/tmp/edge",
            ["Agent:NodeName"] = "n1",
            ["Agent:StatusListen"] = "http://127.0.0.1:9",
            ["Agent:MqttServer"] = "mqtt://b:1883",
            ["Agent:HeartbeatPeriod"] = "00:00:05",
            ["Agent:TelemetryPeriod"] = "00:00:07",
            ["Logging:Format"] = "json",
        }));
    }

    [Test]
    public void ToSettings_ConfigOption_IsNotASetting()
    {
        var (settings, error) = Parse("--config", "/etc/x.json");

        Assert.That(error, Is.Null);
        Assert.That(settings, Is.Empty);
    }

    [Test]
    public void ToSettings_Labels_MapsEachPair()
    {
        var (settings, error) = Parse("--labels", "zone=eu-1, rack=r7 ,tier=a=b");

        Assert.That(error, Is.Null);
        Assert.That(settings, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["Agent:Labels:zone"] = "eu-1",
            ["Agent:Labels:rack"] = "r7",
            ["Agent:Labels:tier"] = "a=b",
        }));
    }

    [Test]
    public void ToSettings_LabelWithEmptyValue_Maps()
    {
        var (settings, error) = Parse("--labels", "gpu=");

        Assert.That(error, Is.Null);
        Assert.That(settings["Agent:Labels:gpu"], Is.Empty);
    }

    [TestCase("novalue")]
    [TestCase("a=b,novalue")]
    [TestCase("=value")]
    public void ToSettings_MalformedLabels_ErrorNamesOption(string labels)
    {
        var (_, error) = Parse("--labels", labels);

        Assert.That(error, Does.StartWith("--labels:").And.Contain("is not key=value"));
    }

    [Test]
    public void ToSettings_Set_MapsKeyAndKeepsEqualsInValue()
    {
        var (settings, error) = Parse("--set", "Agent:X=1", "--set", "Agent:Labels:k=v=w");

        Assert.That(error, Is.Null);
        Assert.That(settings, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["Agent:X"] = "1",
            ["Agent:Labels:k"] = "v=w",
        }));
    }

    [Test]
    public void ToSettings_SetAfterFlag_SetWins()
    {
        var (settings, _) = Parse("--controller", "http://a:1", "--set", "agent:controller=http://b:2");

        Assert.That(settings["Agent:Controller"], Is.EqualTo("http://b:2"));
        Assert.That(settings, Has.Count.EqualTo(1));
    }

    [TestCase("foo")]
    [TestCase("Agent:X")]
    [TestCase("Agent:=1")]
    [TestCase("Logging:Format=json")]
    public void ToSettings_MalformedSet_ErrorNamesOption(string assignment)
    {
        var (_, error) = Parse("--set", assignment);

        Assert.That(error, Is.EqualTo($"--set: '{assignment}' is not Agent:Key=value"));
    }

    [Test]
    public void All_EveryOption_HasDescriptionAndUniqueName()
    {
        var options = new AgentCommandLine().All.ToList();

        Assert.That(options.Select(o => o.Name), Is.Unique);
        Assert.That(options.Select(o => o.Description), Has.All.Not.Empty);
    }

    private static (Dictionary<string, string?> Settings, string? Error) Parse(params string[] args)
    {
        var cli = new AgentCommandLine();
        var command = new RootCommand();
        foreach (var option in cli.All)
        {
            command.Options.Add(option);
        }

        var result = command.Parse(args);
        Assert.That(result.Errors, Is.Empty, string.Join("; ", result.Errors.Select(e => e.Message)));
        return cli.ToSettings(result);
    }
}
