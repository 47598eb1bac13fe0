using Edge.Controller.Hosting;
using Edge.Controller.Telemetry;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Tests;

public sealed class MqttEndpointTests
{
    [Test]
    public void AdvertisedUri_Defaults_BindAddressAndPort()
    {
        var endpoint = Endpoint(new MqttOptions());

        Assert.That(endpoint.AdvertisedUri, Is.EqualTo("mqtt://127.0.0.1:1883"));
    }

    [Test]
    public void AdvertisedUri_MtlsMode_TlsPort()
    {
        var endpoint = new MqttEndpoint(Options.Create(new ControllerOptions { Mqtt = new MqttOptions { TlsPort = 18883 }, Security = new SecurityOptions { Mode = SecurityOptions.Mtls } }));

        Assert.That(endpoint.AdvertisedUri, Is.EqualTo("mqtts://127.0.0.1:18883"));
    }

    [Test]
    public void AdvertisedUri_OtherPort_UsesIt()
    {
        var endpoint = Endpoint(new MqttOptions { BindAddress = "10.0.0.1", Port = 8883 });

        Assert.That(endpoint.AdvertisedUri, Is.EqualTo("mqtt://10.0.0.1:8883"));
    }

    [Test]
    public void AdvertisedUri_Configured_WinsOverBindAddress()
    {
        var endpoint = Endpoint(new MqttOptions { BindAddress = "0.0.0.0", AdvertisedUri = "mqtt://broker.example:1883" });

        Assert.That(endpoint.AdvertisedUri, Is.EqualTo("mqtt://broker.example:1883"));
    }

    [TestCase("0.0.0.0", TestName = "AdvertisedUri_BoundToAnyIPv4_MachineName")]
    [TestCase("::", TestName = "AdvertisedUri_BoundToAnyIPv6_MachineName")]
    public void AdvertisedUri_BoundToAnyAddress_MachineName(string bind)
    {
        var endpoint = Endpoint(new MqttOptions { BindAddress = bind });

        Assert.That(endpoint.AdvertisedUri, Is.EqualTo($"mqtt://{Environment.MachineName}:1883"));
    }

    [Test]
    public void AdvertisedUri_BrokerDisabled_ConfiguredValueEvenIfEmpty()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Endpoint(new MqttOptions { Enabled = false }).AdvertisedUri, Is.Empty);
            Assert.That(
                Endpoint(new MqttOptions { Enabled = false, AdvertisedUri = "mqtt://external:1883" }).AdvertisedUri,
                Is.EqualTo("mqtt://external:1883"));
        });
    }

    private static MqttEndpoint Endpoint(MqttOptions mqtt) => new(Options.Create(new ControllerOptions { Mqtt = mqtt }));

    [Test]
    public void AdvertisedUri_IPv6BindAddress_Bracketed()
    {
        var endpoint = Endpoint(new MqttOptions { BindAddress = "::1" });

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.AdvertisedUri, Is.EqualTo("mqtt://[::1]:1883"));
            Assert.That(Uri.TryCreate(endpoint.AdvertisedUri, UriKind.Absolute, out var uri) && uri.Port == 1883, Is.True);
        });
    }
}
