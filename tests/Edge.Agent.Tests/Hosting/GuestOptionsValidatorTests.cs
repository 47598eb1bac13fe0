using Edge.Agent.Hosting;

namespace Edge.Agent.Tests.Hosting;

/// <summary>Agent:GuestThreads and Agent:TriggerStartWait: out of range stops start-up naming the key.</summary>
public sealed class GuestOptionsValidatorTests
{
    [TestCase(-1, 5, "Agent:GuestThreads must be between 0 (4 per core) and 4096")]
    [TestCase(4097, 5, "Agent:GuestThreads must be between 0 (4 per core) and 4096")]
    [TestCase(0, -1, "Agent:TriggerStartWait must be between 0 and 5 min")]
    [TestCase(0, 301, "Agent:TriggerStartWait must be between 0 and 5 min")]
    public void Validate_OutOfRange_FailsNamingTheKey(int guestThreads, int startWaitSeconds, string expected)
    {
        var options = new AgentOptions { NodeName = "n1", GuestThreads = guestThreads, TriggerStartWait = TimeSpan.FromSeconds(startWaitSeconds) };

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.That(result.Failures, Is.EqualTo(new[] { expected }));
    }

    [TestCase(0, 0)]
    [TestCase(4096, 300)]
    [TestCase(8, 5)]
    public void Validate_WithinRange_Succeeds(int guestThreads, int startWaitSeconds)
    {
        var options = new AgentOptions { NodeName = "n1", GuestThreads = guestThreads, TriggerStartWait = TimeSpan.FromSeconds(startWaitSeconds) };

        Assert.That(new AgentOptionsValidator().Validate(null, options).Succeeded, Is.True);
    }
}
