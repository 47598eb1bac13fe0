using Edge.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Tests;

public sealed class ControllerOptionsValidatorTests
{
    private readonly ControllerOptionsValidator _validator = new();

    [Test]
    public void Validate_Defaults_Succeeds()
    {
        var result = _validator.Validate(Options.DefaultName, new ControllerOptions());

        Assert.That(result.Succeeded, Is.True);
    }

    [TestCase("not a url", TestName = "Validate_ListenNotAUrl_NamesControllerListen")]
    [TestCase("https://127.0.0.1:7400", TestName = "Validate_ListenHttps_NamesControllerListen")]
    [TestCase("grpc://127.0.0.1:7400", TestName = "Validate_ListenOtherScheme_NamesControllerListen")]
    [TestCase("127.0.0.1:7400", TestName = "Validate_ListenWithoutScheme_NamesControllerListen")]
    [TestCase("http://127.0.0.1:0", TestName = "Validate_ListenPortZero_NamesControllerListen")]
    public void Validate_BadListen_FailureNamesKey(string listen)
    {
        var result = _validator.Validate(Options.DefaultName, new ControllerOptions { Listen = listen });

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain("Controller:Listen").And.Contain(listen));
        });
    }

    [Test]
    public void Validate_HeartbeatEqualToGrace_NamesHeartbeatPeriod()
    {
        var options = new ControllerOptions { HeartbeatPeriod = TimeSpan.FromSeconds(40), NodeGracePeriod = TimeSpan.FromSeconds(40) };

        var result = _validator.Validate(Options.DefaultName, options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain("Controller:HeartbeatPeriod").And.Contain("Controller:NodeGracePeriod"));
        });
    }

    [Test]
    public void Validate_HeartbeatJustUnderGrace_Succeeds()
    {
        var options = new ControllerOptions { HeartbeatPeriod = TimeSpan.FromSeconds(39), NodeGracePeriod = TimeSpan.FromSeconds(40) };

        var result = _validator.Validate(Options.DefaultName, options);

        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public void Validate_MqttBindAddressNotIp_NamesKey()
    {
        var options = new ControllerOptions { Mqtt = new MqttOptions { BindAddress = "localhost" } };

        var result = _validator.Validate(Options.DefaultName, options);

        Assert.That(result.FailureMessage, Does.Contain("Controller:Mqtt:BindAddress").And.Contain("localhost"));
    }

    [Test]
    public void Validate_MqttDisabledWithBadBindAddress_Succeeds()
    {
        var options = new ControllerOptions { Mqtt = new MqttOptions { Enabled = false, BindAddress = "localhost" } };

        var result = _validator.Validate(Options.DefaultName, options);

        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public void Validate_AdvertisedUriNotAbsolute_NamesKey()
    {
        var options = new ControllerOptions { Mqtt = new MqttOptions { AdvertisedUri = "not a uri" } };

        var result = _validator.Validate(Options.DefaultName, options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain("Controller:Mqtt:AdvertisedUri").And.Contain("not a uri"));
        });
    }

    [Test]
    public void Validate_AdvertisedUriAbsolute_Succeeds()
    {
        var options = new ControllerOptions { Mqtt = new MqttOptions { AdvertisedUri = "mqtt://broker.example:1883" } };

        var result = _validator.Validate(Options.DefaultName, options);

        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public void Validate_SeveralBadValues_ReportsEveryKey()
    {
        var options = new ControllerOptions
        {
            Listen = "ftp://x",
            HeartbeatPeriod = TimeSpan.FromMinutes(5),
            Mqtt = new MqttOptions { BindAddress = "nowhere", AdvertisedUri = "not a uri" },
        };

        var result = _validator.Validate(Options.DefaultName, options);

        Assert.That(result.Failures?.ToList(), Has.Count.EqualTo(4));
    }

    [Test]
    public void DataAnnotations_GracePeriodZero_NamesKey()
    {
        var result = DataAnnotations(new ControllerOptions { NodeGracePeriod = TimeSpan.Zero });

        Assert.That(result.FailureMessage, Does.Contain("Controller:NodeGracePeriod"));
    }

    [Test]
    public void DataAnnotations_HeartbeatUnder100Ms_NamesKey()
    {
        var result = DataAnnotations(new ControllerOptions { HeartbeatPeriod = TimeSpan.FromMilliseconds(50) });

        Assert.That(result.FailureMessage, Does.Contain("Controller:HeartbeatPeriod"));
    }

    [Test]
    public void DataAnnotations_LeaseCheckOverOneMinute_NamesKey()
    {
        var result = DataAnnotations(new ControllerOptions { LeaseCheckPeriod = TimeSpan.FromMinutes(2) });

        Assert.That(result.FailureMessage, Does.Contain("Controller:LeaseCheckPeriod"));
    }

    [Test]
    public void DataAnnotations_Defaults_Succeed()
    {
        var result = DataAnnotations(new ControllerOptions());

        Assert.That(result.Succeeded, Is.True);
    }

    // The attribute half of start-up validation, as the host runs it (ValidateDataAnnotations).
    private static ValidateOptionsResult DataAnnotations(ControllerOptions options) =>
        new DataAnnotationValidateOptions<ControllerOptions>(Options.DefaultName).Validate(Options.DefaultName, options);

    [TestCase(70000)]
    [TestCase(-1)]
    public void Validate_MqttPortOutOfRange_NamesKey(int port)
    {
        var result = _validator.Validate(Options.DefaultName, new ControllerOptions { Mqtt = new MqttOptions { Port = port } });

        Assert.That(result.FailureMessage, Does.Contain("Controller:Mqtt:Port"));
    }

    [Test]
    public void Validate_EmptyDataDir_NamesKey()
    {
        var result = _validator.Validate(Options.DefaultName, new ControllerOptions { DataDir = " " });

        Assert.That(result.FailureMessage, Does.Contain("Controller:DataDir"));
    }
}
