using Edge.Ctl.Manifests;
using Edge.Ctl.Tests.Support;

namespace Edge.Ctl.Tests.Manifests;

[TestFixture]
public sealed class YamlLimitsTests
{
    private const string File = "deep.yaml";

    [TestCase('[', ']')]
    [TestCase('{', '}')]
    public void Parse_200000DeepDocument_RefusedWithDepthLimitNotAStackOverflow(char open, char close)
    {
        var yaml = open == '{'
            ? string.Concat(Enumerable.Repeat("{a: ", 200_000)) + "1" + new string('}', 200_000)
            : new string(open, 200_000) + new string(close, 200_000);

        var result = WorkloadManifestParser.Parse(yaml, File);

        var error = result.Errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(error.File, Is.EqualTo(File));
            Assert.That(error.Problem, Does.Contain($"deeper than {BoundedYaml.MaxDepth} levels"));
            Assert.That(error.Location?.Line, Is.EqualTo(1));
            Assert.That(error.ToString(), Does.StartWith("deep.yaml:1:"));
        });
    }

    [Test]
    public void Parse_NestingAtTheLimit_IsNotRefusedForDepth()
    {
        var atLimit = new string('[', BoundedYaml.MaxDepth) + new string(']', BoundedYaml.MaxDepth);
        var overLimit = new string('[', BoundedYaml.MaxDepth + 1) + new string(']', BoundedYaml.MaxDepth + 1);

        var accepted = WorkloadManifestParser.Parse(atLimit, File);
        var refused = WorkloadManifestParser.Parse(overLimit, File);

        Assert.Multiple(() =>
        {
            // Not a workload, so still an error, but about the document, not about its depth.
            Assert.That(accepted.Errors.Select(e => e.Problem), Has.None.Contains("deeper than"));
            Assert.That(refused.Errors.Single().Problem, Does.Contain("deeper than"));
        });
    }

    [Test]
    public void Parse_TextOverTheSizeLimit_RefusedNamingTheLimit()
    {
        var yaml = "# " + new string('x', (int)BoundedYaml.MaxFileBytes) + "\n";

        var error = WorkloadManifestParser.Parse(yaml, File).Errors.Single();

        Assert.That(error.Problem, Does.Contain("over the limit of 4,194,304 bytes"));
    }

    [Test]
    public async Task LoadAsync_OversizedFile_RefusedBeforeParsingNamingFileAndLimit()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("big.yaml", "apiVersion: edge/v1\n# " + new string('x', (int)BoundedYaml.MaxFileBytes));

        var result = await ManifestLoader.LoadAsync(path, CancellationToken.None);

        var error = result.Errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.File, Is.EqualTo(path));
            Assert.That(error.Problem, Does.Contain("over the limit of 4,194,304 bytes (4 MiB)"));
        });
    }

    [Test]
    public async Task Apply_DeepManifest_ExitsWithUsageAndSendsNothing()
    {
        await using var server = await AdminServer.StartAsync();
        using var dir = new TempDirectory();
        var path = dir.Write("deep.yaml", new string('[', 200_000) + new string(']', 200_000));

        var run = await CtlRun.RunAsync("apply", "-f", path, "--controller", server.Address);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage), run.ToString);
            Assert.That(run.Error, Does.Contain(path).And.Contain($"deeper than {BoundedYaml.MaxDepth} levels"));
            Assert.That(server.Service.Applied, Is.Empty);
        });
    }

    [Test]
    public async Task Simulate_OversizedScenario_RefusedNamingTheLimit()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("scenario.yaml", "# " + new string('x', (int)BoundedYaml.MaxFileBytes));

        var run = await CtlRun.RunAsync("simulate", "-f", path);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage), run.ToString);
            Assert.That(run.Error, Does.Contain(path).And.Contain("over the limit"));
        });
    }
}
