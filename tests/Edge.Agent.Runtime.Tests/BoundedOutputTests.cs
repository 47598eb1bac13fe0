namespace Edge.Agent.Runtime.Tests;

public sealed class BoundedOutputTests
{
    [Test]
    public void Append_ManyWritesWithinLimit_KeepsAllInOrder()
    {
        var output = new BoundedOutput(limit: 1000);

        for (var i = 0; i < 300; i++)
        {
            output.Append([(byte)(i % 251)]);
        }

        Assert.That(output.Written.ToArray(), Is.EqualTo(Enumerable.Range(0, 300).Select(i => (byte)(i % 251))));
        Assert.That(output.Truncated, Is.False);
    }

    [Test]
    public void Append_PastLimit_KeepsThePrefixAndFlagsTruncation()
    {
        var output = new BoundedOutput(limit: 4);

        output.Append("abc"u8);
        output.Append("def"u8);
        output.Append("g"u8);

        Assert.That(output.Written.ToArray(), Is.EqualTo("abcd"u8.ToArray()));
        Assert.That(output.Truncated, Is.True);
    }

    [Test]
    public void Append_ZeroLimit_KeepsNothing()
    {
        var output = new BoundedOutput(limit: 0);

        output.Append("a"u8);

        Assert.That(output.Written.IsEmpty, Is.True);
        Assert.That(output.Truncated, Is.True);
    }
}
