using Edge.Controller.Hosting;

namespace Edge.Controller.Tests;

/// <summary>edge-controller run's command line as the configuration source receives it.</summary>
public sealed class ControllerCommandLineTests
{
    [Test]
    public void Flags_BecomeTheirConfigurationKeys()
    {
        var (arguments, error) = Parse("--listen", "http://127.0.0.1:9000", "--data-dir", "/d", "--grace", "00:01:00", "--security", "mtls", "--log-format", "json");

        Assert.That(error, Is.Null);
        Assert.That(arguments, Is.EquivalentTo(new[]
        {
            "--Controller:Listen=http://127.0.0.1:9000", "--Controller:DataDir=/d", "--Controller:NodeGracePeriod=00:01:00",
            "--Controller:Security:Mode=mtls", "--Logging:Format=json",
        }));
    }

    [Test]
    public void Settings_WithEqualsOrASpace_AreKeptInOrder()
    {
        var (arguments, error) = Parse("--Controller:Mqtt:Enabled=false", "--Controller:Telemetry:ExternalBroker", "mqtt://b:1883", "--Logging:LogLevel:Default=Debug");

        Assert.That(error, Is.Null);
        Assert.That(arguments, Is.EqualTo(new[] { "--Controller:Mqtt:Enabled=false", "--Controller:Telemetry:ExternalBroker=mqtt://b:1883", "--Logging:LogLevel:Default=Debug" }));
    }

    [TestCase("--colour", "red", ExpectedResult = "unknown option or argument '--colour' (settings are --Controller:Key=value; see --help)")]
    [TestCase("stray", null, ExpectedResult = "unknown option or argument 'stray' (settings are --Controller:Key=value; see --help)")]
    [TestCase("--Controller:", "x", ExpectedResult = "unknown option or argument '--Controller:' (settings are --Controller:Key=value; see --help)")]
    [TestCase("--Controller:Listen", null, ExpectedResult = "setting --Controller:Listen needs a value (--Controller:Key=value)")]
    public string? Unknown_OrWithoutAValue_IsNamed(string token, string? next)
    {
        var (arguments, error) = Parse(next is null ? [token] : [token, next]);
        Assert.That(arguments, Is.Empty);
        return error;
    }

    [Test]
    public void Security_OutsideItsValues_IsAParseError()
    {
        var line = new ControllerCommandLine("run", "serve");

        var result = line.Command.Parse(["--security", "open"]);

        Assert.That(result.Errors.Select(e => e.Message), Has.Some.Contains("'open'"));
    }

    private static (string[] Arguments, string? Error) Parse(params string[] args)
    {
        var line = new ControllerCommandLine("run", "serve");
        var result = line.Command.Parse(args);
        Assert.That(result.Errors, Is.Empty, string.Join("; ", result.Errors.Select(e => e.Message)));
        return line.ToArguments(result);
    }
}
