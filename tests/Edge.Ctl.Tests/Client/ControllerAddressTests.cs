using Edge.Ctl.Client;

namespace Edge.Ctl.Tests.Client;

[TestFixture]
public sealed class ControllerAddressTests
{
    [TestCase("http://option:1", "http://env:2", "http://option:1")]
    [TestCase(null, "http://env:2", "http://env:2")]
    [TestCase("  ", " https://env:2 ", "https://env:2")]
    [TestCase(null, null, "http://127.0.0.1:7400")]
    public void TryResolve_Sources_OptionThenEnvironmentThenDefault(string? option, string? environment, string expected)
    {
        var resolved = ControllerAddress.TryResolve(option, environment, out var address, out _);

        Assert.That(resolved, Is.True);
        Assert.That(address!.Text, Is.EqualTo(expected));
    }

    [TestCase("127.0.0.1:7400", null, "(from --controller)")]
    [TestCase("ftp://host", null, "(from --controller)")]
    [TestCase(null, "not a url", "(from EDGE_CONTROLLER)")]
    public void TryResolve_NotHttpUrl_ErrorNamesValueAndSource(string? option, string? environment, string source)
    {
        var resolved = ControllerAddress.TryResolve(option, environment, out _, out var error);

        Assert.That(resolved, Is.False);
        Assert.That(error, Does.StartWith($"invalid controller address \"{option ?? environment}\" {source}"));
    }
}
