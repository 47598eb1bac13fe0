using System.Text;
using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

/// <summary>The sample in samples/hello, exactly as shipped, runs on the runtime.</summary>
public sealed class HelloSampleTests
{
    [Test]
    public async Task HelloSample_Started_IsRunningAndPrintsHelloFromEdge()
    {
        var path = Path.Combine(RepoPaths.Root(), "samples", "hello", "hello.wat");
        var content = await File.ReadAllBytesAsync(path);
        using var h = new RuntimeHarness();
        var spec = new WorkloadSpec { Name = "hello", ModuleDigest = ModuleDigest.Of(content), ModuleSizeBytes = content.Length };

        var status = await h.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);
        var result = await h.InvokeAsync("hello");

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("hello from edge\n"));
        Assert.That(h.Logger.Entries.Select(e => e.Message), Does.Contain("hello stdout: hello from edge"));
    }

    [Test]
    public async Task CWagiSample_BuiltWithClang_CountsWordsOfTheBodyAsJson()
    {
        var path = Path.Combine(RepoPaths.Root(), "samples", "c-wagi", "wagi.wasm");
        if (!File.Exists(path))
        {
            Edge.Testing.MissingTool.Skip("samples/c-wagi/wagi.wasm is not built: build.cake builds it when clang-14 and wasi-libc are installed");
        }

        var content = await File.ReadAllBytesAsync(path);
        using var h = new RuntimeHarness();
        var spec = new WorkloadSpec
        {
            Name = "c-wagi",
            ModuleDigest = ModuleDigest.Of(content),
            Triggers = [new TriggerSpec { Kind = TriggerKind.Http }],
        };
        var status = await h.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        var result = await h.Runtime.InvokeAsync("c-wagi", new InvocationRequest
        {
            Stdin = Encoding.UTF8.GetBytes("three small words"),
            Env = new Dictionary<string, string> { ["EDGE_TRIGGER"] = "http", ["REQUEST_METHOD"] = "POST", ["PATH_INFO"] = "/x" },
        }, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo(
            "Content-Type: application/json\n\n{\"trigger\":\"http\",\"method\":\"POST\",\"path\":\"/x\",\"query\":\"\",\"bytes\":17,\"words\":3}\n"));
    }

    [Test]
    public async Task EchoSample_Invoked_EchoesTheBodyLogsAndCountsBytes()
    {
        var path = Path.Combine(RepoPaths.Root(), "samples", "echo", "echo.wat");
        var content = await File.ReadAllBytesAsync(path);
        using var h = new RuntimeHarness();
        var spec = new WorkloadSpec { Name = "echo", ModuleDigest = ModuleDigest.Of(content), Triggers = [new TriggerSpec { Kind = TriggerKind.Http }] };
        await h.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        var result = await h.InvokeAsync("echo", "ping");

        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("Content-Type: text/plain\n\nping"));
        Assert.That(result.Logs, Is.EqualTo(new[] { (2, "echoing the request body") }));
        Assert.That(h.Runtime.Metrics().Single().Custom["echo_bytes"], Is.EqualTo(4.0));
    }
}
