using Edge.Controller.Autoscaling;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Tests.Autoscaling;

/// <summary>Controller:NodeAutoscaling is checked at start; each failure names its key.</summary>
public sealed class NodeAutoscalingOptionsValidatorTests
{
    private static readonly string Script = typeof(NodeAutoscalingOptionsValidatorTests).Assembly.Location;

    [Test]
    public void Validate_Defaults_Succeed()
    {
        var result = new NodeAutoscalingOptionsValidator().Validate(null, new NodeAutoscalingOptions());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    private static IEnumerable<TestCaseData> BadOptions()
    {
        yield return Case("UnknownExpander", o => o.Expanders = "priority,cheapest", "Controller:NodeAutoscaling:Expanders: unknown expander \"cheapest\"");
        yield return Case("EmptyExpanders", o => o.Expanders = " , ", "Controller:NodeAutoscaling:Expanders must name at least one expander");
        yield return Case("ThresholdAboveOne", o => o.ScaleDownUtilizationThreshold = 1.5, "Controller:NodeAutoscaling:ScaleDownUtilizationThreshold must be between 0 and 1, got 1.5");
        yield return Case("ZeroScanInterval", o => o.ScanInterval = TimeSpan.Zero, "Controller:NodeAutoscaling:ScanInterval must be between 50 ms and 10 min");
        yield return Case("NegativeUnneededTime", o => o.ScaleDownUnneededTime = TimeSpan.FromSeconds(-1), "Controller:NodeAutoscaling:ScaleDownUnneededTime must be between 0 and 1 day");
        yield return Case("MaxBackoffBelowInitial", o => (o.InitialBackoff, o.MaxBackoff) = (TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)), "Controller:NodeAutoscaling:MaxBackoff (00:05:00) is shorter than Controller:NodeAutoscaling:InitialBackoff (00:10:00)");
        yield return Case("UnreadyPercentageAbove100", o => o.MaxTotalUnreadyPercentage = 120, "Controller:NodeAutoscaling:MaxTotalUnreadyPercentage must be between 0 and 100, got 120");
        yield return Case("ZeroDrainParallelism", o => o.MaxDrainParallelism = 0, "Controller:NodeAutoscaling:MaxDrainParallelism must be between 1 and 10000, got 0");
        yield return Case("ExecRelativeCommand", o => o.Providers["wake"] = new() { Command = "wake.sh" }, "Controller:NodeAutoscaling:Providers:wake:Command 'wake.sh' must be an absolute path");
        yield return Case("ExecMissingCommand", o => o.Providers["wake"] = new() { Command = "/nonexistent/wake.sh" }, "Controller:NodeAutoscaling:Providers:wake:Command '/nonexistent/wake.sh' does not exist");
        yield return Case("UnknownProviderType", o => o.Providers["wake"] = new() { Type = "cloud", Command = Script }, "Controller:NodeAutoscaling:Providers:wake:Type 'cloud' is not exec or simulated");
        yield return Case("SimulatedFailureRateAboveOne", o => o.Providers["sim"] = new() { Type = "simulated", FailureRate = 2 }, "Controller:NodeAutoscaling:Providers:sim:FailureRate must be between 0 and 1, got 2");
        yield return Case("ProviderNameNotDnsLabel", o => o.Providers["Wake_1"] = new() { Command = Script }, "provider name \"Wake_1\" is not a DNS label");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void Validate_BadSetting_FailsNamingTheKey(object spoil, string expected)
    {
        var options = new NodeAutoscalingOptions();
        ((Action<NodeAutoscalingOptions>)spoil)(options);

        var result = new NodeAutoscalingOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures, Has.Some.Contains(expected));
    }

    [Test]
    public void ToDecisionOptions_ChainAndFlags_CarriedOver()
    {
        var options = new NodeAutoscalingOptions { Expanders = "priority, least-waste", ScaleDownUnneededTime = TimeSpan.FromMinutes(3), MaxEmptyBulkDelete = 4 };

        var decision = options.ToDecisionOptions();

        Assert.That(decision.Expanders, Is.EqualTo(new[] { Expander.Priority, Expander.LeastWaste }));
        Assert.That(decision.ScaleDownUnneededTime, Is.EqualTo(TimeSpan.FromMinutes(3)));
        Assert.That(decision.MaxEmptyBulkDelete, Is.EqualTo(4));
        Assert.That(decision.ScaleDownUtilizationThreshold, Is.EqualTo(0.5));
    }

    [Test]
    public void ToDecisionOptions_LeastNodesInChain_Parsed()
    {
        var options = new NodeAutoscalingOptions { Expanders = "least-nodes,least-waste" };

        Assert.Multiple(() =>
        {
            Assert.That(new NodeAutoscalingOptionsValidator().Validate(null, options).Succeeded, Is.True);
            Assert.That(options.ToDecisionOptions().Expanders, Is.EqualTo(new[] { Expander.LeastNodes, Expander.LeastWaste }));
        });
    }

    private static TestCaseData Case(string name, Action<NodeAutoscalingOptions> spoil, string expected) =>
        new TestCaseData(spoil, expected).SetName($"Validate_{name}_FailsNamingTheKey");
}
