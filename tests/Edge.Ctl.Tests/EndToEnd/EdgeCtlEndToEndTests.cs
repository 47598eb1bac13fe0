using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Edge.Ctl.Tests.Support;
using Grpc.Core;

namespace Edge.Ctl.Tests.EndToEnd;

/// <summary>edgectl's entry point against a real gRPC server on loopback (Kestrel, h2c).</summary>
[TestFixture]
[NonParallelizable]
public sealed class EdgeCtlEndToEndTests : AdminServerFixture
{
    private const string Manifest = """
        apiVersion: edge/v1
        kind: Workload
        metadata:
          name: hello
        spec:
          module: hello.wat
          nodeSelector: {zone: a}
          env: {GREETING: hi}
          args: [--loud]
        """;

    private static readonly byte[] ModuleBytes = "(module (func (export \"_start\")))"u8.ToArray();

    [Test]
    public async Task NodesList_JsonOutput_ParsesBackAsItems()
    {
        Fake.Nodes.AddRange([TestNodes.Ready("edge-a"), TestNodes.Disconnected("edge-b")]);

        var run = await CtlRun.RunAsync("nodes", "list", "-o", "json", "--controller", Server.Address);

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        using var json = JsonDocument.Parse(run.Out);
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => i.GetProperty("name").GetString()), Is.EqualTo((string[])["edge-a", "edge-b"]));
            Assert.That(items.Select(i => i.GetProperty("status").GetString()), Is.EqualTo((string[])["Ready", "Disconnected"]));
            Assert.That(run.Error, Is.Empty);
        });
    }

    [Test]
    public async Task NodesList_Table_PrintsOneRowPerNode()
    {
        Fake.Nodes.AddRange([TestNodes.Ready("edge-a"), TestNodes.Disconnected("edge-b")]);

        var run = await CtlRun.RunAsync("--controller", Server.Address, "nodes", "list");

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Select(l => l.Split(' ')[0]), Is.EqualTo((string[])["NAME", "edge-a", "edge-b", "fleet:"]));
    }

    [Test]
    public async Task NodesList_AnyCall_CarriesDeadlineFromTimeout()
    {
        var before = DateTime.UtcNow;

        var run = await CtlRun.RunAsync("nodes", "list", "--timeout", "30", "--controller", Server.Address);

        var after = DateTime.UtcNow;
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(Fake.Deadlines.Single(), Is.InRange(before.AddSeconds(29), after.AddSeconds(31)));
    }

    [Test]
    public async Task NodesList_NoControllerOption_UsesEnvironmentAddress()
    {
        Fake.Nodes.Add(TestNodes.Ready("edge-a"));

        var run = await CtlRun.RunWithEnvironmentAsync(Server.Address, "nodes", "list", "-o", "yaml");

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(run.Out, Does.StartWith("items:\n- name: edge-a\n"));
    }

    [Test]
    public async Task NodesGet_ExistingNode_DescribesIt()
    {
        Fake.Nodes.Add(TestNodes.Ready("edge-a"));

        var run = await CtlRun.RunAsync("nodes", "get", "edge-a", "--controller", Server.Address);

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(run.Out, Does.StartWith("Name:                 edge-a\n").And.Contain("Telemetry:\n"));
    }

    [Test]
    public async Task NodesGet_MissingNode_ExitsOneWithNotFound()
    {
        Fake.Nodes.Add(TestNodes.Ready("edge-a"));

        var run = await CtlRun.RunAsync("nodes", "get", "ghost", "--controller", Server.Address);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Is.EqualTo("error: node \"ghost\" not found\n"));
            Assert.That(run.Out, Is.Empty);
        });
    }

    [Test]
    public async Task GetWorkloads_ServerRejects_ExitsOneWithStatusAndDetail()
    {
        Fake.FailWith = new Status(StatusCode.PermissionDenied, "admin role required");

        var run = await CtlRun.RunAsync("get", "workloads", "--controller", Server.Address);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Is.EqualTo("error: PermissionDenied: admin role required\n"));
        });
    }

    [Test]
    public async Task GetWorkloads_Json_ListsServerWorkloads()
    {
        Fake.Workloads.Add(TestNodes.Workload("hello", ("zone", "a")));

        var run = await CtlRun.RunAsync("get", "workloads", "-o", "json", "--controller", Server.Address);

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        using var json = JsonDocument.Parse(run.Out);
        Assert.That(json.RootElement.GetProperty("items")[0].GetProperty("nodeSelector").GetProperty("zone").GetString(), Is.EqualTo("a"));
    }

    [Test]
    public async Task Apply_ValidManifest_SendsModuleBytesAndSpec()
    {
        using var dir = new TempDirectory();
        dir.Write("hello.wat", ModuleBytes);
        var manifest = dir.Write("hello.yaml", Manifest);

        var run = await CtlRun.RunAsync("apply", "-f", manifest, "--controller", Server.Address);

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        var request = Fake.Applied.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Name, Is.EqualTo("hello"));
            Assert.That(request.Module.ToByteArray(), Is.EqualTo(ModuleBytes));
            Assert.That(request.NodeSelector["zone"], Is.EqualTo("a"));
            Assert.That(request.Env["GREETING"], Is.EqualTo("hi"));
            Assert.That(request.Args, Is.EqualTo((string[])["--loud"]));
            Assert.That(run.Out, Does.StartWith("workload/hello configured\n  module digest:  sha256:").And.EndWith("  nodes targeted: 2\n"));
        });
    }

    [Test]
    public async Task Apply_SameManifestTwice_SecondSaysUnchanged()
    {
        using var dir = new TempDirectory();
        dir.Write("hello.wat", ModuleBytes);
        var manifest = dir.Write("hello.yaml", Manifest);
        await CtlRun.RunAsync("apply", "-f", manifest, "--controller", Server.Address);

        var run = await CtlRun.RunAsync("apply", "-f", manifest, "--controller", Server.Address);

        Assert.That(run.Out, Does.StartWith("workload/hello unchanged\n"), run.ToString);
    }

    [Test]
    public async Task Apply_InvalidManifest_ExitsTwoAndSendsNothing()
    {
        using var dir = new TempDirectory();
        var manifest = dir.Write("hello.yaml", Manifest.Replace("kind: Workload", "kind: Deployment", StringComparison.Ordinal));

        var run = await CtlRun.RunAsync("apply", "-f", manifest, "--controller", Server.Address);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain($"error: {manifest}:2:7: kind: must be \"Workload\", \"Tenant\", \"WorkloadAutoscaler\" or \"NodeGroup\", got \"Deployment\""));
            Assert.That(run.Error, Does.Not.Contain("spec.module"), "modules are read only once the manifest is valid");
            Assert.That(Fake.Applied, Is.Empty);
            Assert.That(Fake.Deadlines, Is.Empty, "no call at all");
        });
    }

    [Test]
    public async Task AnyCommand_ControllerPortClosed_ExitsOneWithCannotReach()
    {
        var closed = $"http://127.0.0.1:{ClosedPort()}";

        var run = await CtlRun.RunAsync("nodes", "list", "--controller", closed);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.StartWith($"error: cannot reach controller at {closed}: "));
            Assert.That(run.Error.TrimEnd('\n'), Does.Not.Contain("\n"), "one line, no stack trace");
            Assert.That(run.Out, Is.Empty);
        });
    }

    [TestCase("nodes", "get")]
    [TestCase("nodes", "list", "-o", "xml")]
    [TestCase("nodes", "list", "--timeout", "0")]
    [TestCase("nodes", "frobnicate")]
    [TestCase("apply")]
    public async Task BadArguments_ExitTwoWithUsageHintOnStderr(params string[] args)
    {
        var run = await CtlRun.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain("--help' for usage."));
            Assert.That(run.Out, Is.Empty);
        });
    }

    [Test]
    public async Task InvalidControllerAddress_ExitsTwoNamingTheValue()
    {
        var run = await CtlRun.RunAsync("nodes", "list", "--controller", "localhost:7400");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.StartWith("error: invalid controller address \"localhost:7400\" (from --controller)"));
        });
    }

    /// <summary>A loopback port nothing listens on: bound by the OS, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
