using Edge.Agent.Hosting;

namespace Edge.Agent.Tests.Hosting;

public sealed class AgentOptionsValidatorTests
{
    [Test]
    public void Validate_Defaults_Succeeds()
    {
        // NodeName defaults to the host name, which must itself be a DNS label.
        var result = new AgentOptionsValidator().Validate(null, new AgentOptions());

        Assert.That(result.Failed, Is.False, result.FailureMessage);
    }

    [Test]
    public void Validate_AllSetAndValid_Succeeds()
    {
        var options = new AgentOptions
        {
            NodeName = "gateway-01",
            Controller = "https://controller.example:7400",
            StatusListen = "http://0.0.0.0:9000",
            MqttServer = "mqtt://broker:1883",
            ReconnectMinDelay = TimeSpan.FromSeconds(5),
            ReconnectMaxDelay = TimeSpan.FromSeconds(5),
            Labels = new Dictionary<string, string> { ["zone"] = "eu" },
        };

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.False, result.FailureMessage);
    }

    [Test]
    public void Validate_ExtendedResources_GoodOnesPassAndEachBadOneIsNamedByItsKey()
    {
        var good = new AgentOptions { ExtendedResources = new() { ["edge.io/gpu"] = "1", ["example.com/camera"] = "2" } };
        var bad = new AgentOptions { ExtendedResources = new() { ["gpu"] = "1", ["edge.io/gpu"] = "1.5", ["example.com/camera"] = "-1" } };

        var result = new AgentOptionsValidator().Validate(null, bad);

        Assert.Multiple(() =>
        {
            Assert.That(new AgentOptionsValidator().Validate(null, good).Failed, Is.False);
            Assert.That(good.ExtendedResourceCounts(), Is.EquivalentTo(new Dictionary<string, long> { ["edge.io/gpu"] = 1, ["example.com/camera"] = 2 }));
            Assert.That(result.Failures, Has.Some.StartsWith("Agent:ExtendedResources:gpu: \"gpu\" is not an extended resource name"));
            Assert.That(result.Failures, Has.Some.EqualTo("Agent:ExtendedResources:edge.io/gpu must be a whole number from 0 to 1,000,000, got '1.5'"));
            Assert.That(result.Failures, Has.Some.EqualTo("Agent:ExtendedResources:example.com/camera must be a whole number from 0 to 1,000,000, got '-1'"));
        });
    }

    [TestCase("Gateway")]
    [TestCase("gate_way")]
    [TestCase("-gateway")]
    [TestCase("gateway.example")]
    public void Validate_BadNodeName_NamesKey(string nodeName)
    {
        var result = Validate(new AgentOptions { NodeName = nodeName });

        Assert.That(result, Is.EqualTo(new[] { $"Agent:NodeName '{nodeName}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters)" }));
    }

    [Test]
    public void Validate_NodeName64Characters_NamesKey()
    {
        var result = Validate(new AgentOptions { NodeName = new string('a', 64) });

        Assert.That(result, Has.Exactly(1).StartsWith("Agent:NodeName"));
    }

    [TestCase("controller:7400")]
    [TestCase("127.0.0.1:7400")]
    [TestCase("ftp://controller:7400")]
    [TestCase("/relative")]
    [TestCase("")]
    public void Validate_BadController_NamesKey(string controller)
    {
        var result = Validate(new AgentOptions { NodeName = "n1", Controller = controller });

        Assert.That(result, Has.Count.EqualTo(1));
        Assert.That(result[0], Does.StartWith($"Agent:Controller '{controller}'"));
    }

    [Test]
    public void Validate_EveryRangeAndRequiredKey_NamedOnceEach()
    {
        var options = new AgentOptions
        {
            NodeName = "n1",
            DataDir = " ",
            K3sConfigFile = "",
            K3sDataDir = "",
            TriggerMaxBodyBytes = -1,
            HeartbeatPeriod = TimeSpan.FromMilliseconds(50),
            TelemetryPeriod = TimeSpan.FromHours(2),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(1),
            ReconnectMaxDelay = TimeSpan.FromHours(2),
            ModuleRetryMinDelay = TimeSpan.Zero,
            ModuleRetryMaxDelay = TimeSpan.FromHours(2),
            OutboxMaxSamples = 9,
            OutboxMaxBytes = 1024,
            OutboxMaxAge = TimeSpan.FromDays(31),
            TelemetryBatchMax = 0,
            TelemetryAckTimeout = TimeSpan.FromMilliseconds(99),
            TelemetryUnacknowledgedMax = 0,
            ReservedCpuMillicores = -1,
            ReservedMemoryBytes = -1,
            MaxWorkloads = 0,
        };

        var keys = Validate(options).Select(message => message.Split(' ')[0]).ToList();

        Assert.That(keys, Is.EquivalentTo(new[]
        {
            "Agent:DataDir", "Agent:K3sConfigFile", "Agent:K3sDataDir", "Agent:TriggerMaxBodyBytes", "Agent:HeartbeatPeriod",
            "Agent:TelemetryPeriod", "Agent:ReconnectMinDelay", "Agent:ReconnectMaxDelay", "Agent:OutboxMaxSamples",
            "Agent:OutboxMaxBytes", "Agent:OutboxMaxAge", "Agent:TelemetryBatchMax", "Agent:ReservedCpuMillicores", "Agent:ReservedMemoryBytes", "Agent:MaxWorkloads",
            "Agent:TelemetryAckTimeout", "Agent:TelemetryUnacknowledgedMax", "Agent:ModuleRetryMinDelay", "Agent:ModuleRetryMaxDelay",
        }));
    }

    [Test]
    public void Validate_RangeBoundsThemselves_Accepted()
    {
        var options = new AgentOptions
        {
            NodeName = "n1",
            HeartbeatPeriod = TimeSpan.FromMilliseconds(100),
            TelemetryPeriod = TimeSpan.FromHours(1),
            OutboxMaxBytes = 64 * 1024,
            OutboxMaxAge = TimeSpan.FromDays(30),
            TelemetryAckTimeout = TimeSpan.FromMilliseconds(100),
            TelemetryUnacknowledgedMax = 1,
            ReservedCpuMillicores = 0,
            ReservedMemoryBytes = 1L << 40,
            MaxWorkloads = 10_000,
        };

        Assert.That(Validate(options), Is.Empty);
    }

    [TestCase("127.0.0.1:7401")]
    [TestCase("tcp://127.0.0.1:7401")]
    [TestCase("not a uri")]
    public void Validate_BadStatusListen_NamesKey(string listen)
    {
        var result = Validate(new AgentOptions { NodeName = "n1", StatusListen = listen });

        Assert.That(result, Has.Count.EqualTo(1));
        Assert.That(result[0], Does.StartWith($"Agent:StatusListen '{listen}'"));
    }

    [TestCase("mqtt://broker")]
    [TestCase("http://broker:1883")]
    [TestCase("broker:1883")]
    public void Validate_BadMqttServer_NamesKey(string mqtt)
    {
        var result = Validate(new AgentOptions { NodeName = "n1", MqttServer = mqtt });

        Assert.That(result, Is.EqualTo(new[] { $"Agent:MqttServer '{mqtt}' is not an mqtt://host:port or mqtts://host:port address" }));
    }

    [TestCase("mqtt://broker:1883")]
    [TestCase("tcp://10.0.0.5:1883")]
    [TestCase("")]
    public void Validate_GoodMqttServer_Succeeds(string mqtt)
    {
        var result = Validate(new AgentOptions { NodeName = "n1", MqttServer = mqtt });

        Assert.That(result, Is.Empty);
    }

    [Test]
    public void Validate_ReconnectMinAboveMax_NamesBothKeys()
    {
        var result = Validate(new AgentOptions
        {
            NodeName = "n1",
            ReconnectMinDelay = TimeSpan.FromSeconds(10),
            ReconnectMaxDelay = TimeSpan.FromSeconds(5),
        });

        Assert.That(result, Has.Count.EqualTo(1));
        Assert.That(result[0], Does.StartWith("Agent:ReconnectMinDelay").And.Contain("Agent:ReconnectMaxDelay"));
    }

    [Test]
    public void Validate_ModuleRetryMinAboveMax_NamesBothKeys()
    {
        var result = Validate(new AgentOptions
        {
            NodeName = "n1",
            ModuleRetryMinDelay = TimeSpan.FromSeconds(10),
            ModuleRetryMaxDelay = TimeSpan.FromSeconds(5),
        });

        Assert.That(result, Has.Count.EqualTo(1));
        Assert.That(result[0], Does.StartWith("Agent:ModuleRetryMinDelay").And.Contain("Agent:ModuleRetryMaxDelay"));
    }

    [Test]
    public void Validate_BlankLabelKey_NamesKey()
    {
        var result = Validate(new AgentOptions { NodeName = "n1", Labels = new Dictionary<string, string> { [" "] = "x" } });

        Assert.That(result, Has.Count.EqualTo(1));
        Assert.That(result[0], Does.StartWith("Agent:Labels"));
    }

    [Test]
    public void Validate_SeveralBadValues_ReportsEach()
    {
        var result = Validate(new AgentOptions { NodeName = "Bad", Controller = "nope", MqttServer = "nope" });

        Assert.That(result, Has.Count.EqualTo(3));
        Assert.That(result, Has.Some.StartWith("Agent:NodeName"));
        Assert.That(result, Has.Some.StartWith("Agent:Controller"));
        Assert.That(result, Has.Some.StartWith("Agent:MqttServer"));
    }

    private static List<string> Validate(AgentOptions options) =>
        [.. new AgentOptionsValidator().Validate(null, options).Failures ?? []];

    [TestCase("tcp://0.0.0.0:8080", "Agent:TriggerListen 'tcp://0.0.0.0:8080' is not an http://host:port address (or empty to serve triggers on Agent:StatusListen)")]
    [TestCase("http://127.0.0.1:7401", "Agent:TriggerListen 'http://127.0.0.1:7401' uses the port of Agent:StatusListen; leave it empty to share that listener")]
    public void Validate_BadTriggerListen_NamesTheKey(string listen, string expected)
    {
        var result = new AgentOptionsValidator().Validate(null, new AgentOptions { NodeName = "n", TriggerListen = listen });

        Assert.That(result.Failures, Is.EqualTo(new[] { expected }));
    }
}
