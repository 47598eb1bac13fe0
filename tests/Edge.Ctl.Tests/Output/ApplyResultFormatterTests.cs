using Edge.Ctl.Output;
using Edge.Ctl.Tests.Support;
using Edge.Protos.V1;

namespace Edge.Ctl.Tests.Output;

[TestFixture]
public sealed class ApplyResultFormatterTests
{
    [TestCase(true, "workload/hello configured")]
    [TestCase(false, "workload/hello unchanged")]
    public void Write_Response_PrintsKubectlStyleLineThenDigestAndTargets(bool changed, string firstLine)
    {
        using var writer = new StringWriter();

        ApplyResultFormatter.Write(
            "hello",
            new ApplyWorkloadResponse { Name = "hello", ModuleDigest = TestNodes.Digest, Changed = changed, NodesTargeted = 3 },
            writer);

        var lines = TableAssert.Lines(writer.ToString());
        Assert.That(lines, Is.EqualTo((string[])
            [
                firstLine,
            "  module digest:  " + TestNodes.Digest,
            "  nodes targeted: 3",
            ]));
    }
}
