using System.Text;
using System.Text.Json;
using Edge.Agent.Hosting;
using Microsoft.Extensions.Configuration;

namespace Edge.Agent.Tests.Hosting;

public sealed class AgentHostSettingsJsonTests
{
    [Test]
    public void ToSettingsJson_ColonKeys_Nest()
    {
        var json = AgentHost.ToSettingsJson(new Dictionary<string, string?>
        {
            ["Agent:Labels:zone"] = "eu-1",
            ["Agent:Controller"] = "http://c:7400",
        });

        using var doc = JsonDocument.Parse(json);
        var agent = doc.RootElement.GetProperty("Agent");
        Assert.That(agent.GetProperty("Labels").GetProperty("zone").GetString(), Is.EqualTo("eu-1"));
        Assert.That(agent.GetProperty("Controller").GetString(), Is.EqualTo("http://c:7400"));
        Assert.That(doc.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "Agent" }));
    }

    [Test]
    public void ToSettingsJson_Empty_IsEmptyObject()
    {
        var json = AgentHost.ToSettingsJson(new Dictionary<string, string?>());

        Assert.That(JsonDocument.Parse(json).RootElement.EnumerateObject(), Is.Empty);
    }

    [Test]
    public void ToSettingsJson_ThroughJsonConfigurationProvider_RoundTrips()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Agent:Controller"] = "http://c:7400",
            ["Agent:NodeName"] = "n1",
            ["Agent:Labels:zone"] = "eu-1",
            ["Agent:Labels:edge.io/tier"] = "gold \"quoted\"",
            ["Agent:ReconnectMaxDelay"] = "00:00:05",
            ["Logging:Format"] = "json",
        };

        var configuration = Load(AgentHost.ToSettingsJson(settings));

        foreach (var (key, value) in settings)
        {
            Assert.That(configuration[key], Is.EqualTo(value), key);
        }

        Assert.That(configuration.AsEnumerable().Count(kv => kv.Value is not null), Is.EqualTo(settings.Count));
    }

    [Test]
    public void ToSettingsJson_SectionsDifferingInCase_RoundTrip()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Agent:Labels:zone"] = "eu-1",
            ["agent:nodename"] = "n1",
        };

        var configuration = Load(AgentHost.ToSettingsJson(settings));

        Assert.That(configuration["Agent:Labels:zone"], Is.EqualTo("eu-1"));
        Assert.That(configuration["Agent:NodeName"], Is.EqualTo("n1"));
    }

    [Test]
    public void ToSettingsJson_CommandLineSettings_BindToAgentOptions()
    {
        var cli = new AgentCommandLine();
        var command = new System.CommandLine.RootCommand();
        foreach (var option in cli.All)
        {
            command.Options.Add(option);
        }

        var (settings, _) = cli.ToSettings(command.Parse(["--node-name", "n1", "--labels", "zone=eu,rack=7", "--set", "Agent:ReconnectMaxDelay=00:00:05"]));

        var options = Load(AgentHost.ToSettingsJson(settings)).GetSection(AgentOptions.Section).Get<AgentOptions>();

        Assert.That(options, Is.Not.Null);
        Assert.That(options!.NodeName, Is.EqualTo("n1"));
        Assert.That(options.Labels, Is.EquivalentTo(new Dictionary<string, string> { ["zone"] = "eu", ["rack"] = "7" }));
        Assert.That(options.ReconnectMaxDelay, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    private static IConfigurationRoot Load(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
}
