using System.Text;
using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

/// <summary>The sample in samples/hello, exactly as shipped, runs on the runtime.</summary>
public sealed class HelloSampleTests
{
    [Test]
    public async Task HelloSample_Started_IsRunningAndPrintsHelloFromEdge()
    {
        var path = Path.Combine(RepositoryRoot(), "samples", "hello", "hello.wat");
        var content = await File.ReadAllBytesAsync(path);
        using var h = new RuntimeHarness();
        var spec = new WorkloadSpec { Name = "hello", ModuleDigest = ModuleDigest.Of(content), ModuleSizeBytes = content.Length };

        var status = await h.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);
        var result = await h.InvokeAsync("hello");

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("hello from edge\n"));
        Assert.That(h.Logger.Entries.Select(e => e.Message), Does.Contain("hello stdout: hello from edge"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Edge.sln above {TestContext.CurrentContext.TestDirectory}");
    }
}
