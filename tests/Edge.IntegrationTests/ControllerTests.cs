using Edge.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Edge.IntegrationTests;

/// <summary>The real controller's refusals: bad input changes nothing.</summary>
[TestFixture]
public sealed class ControllerTests
{
    [TestCase("not webassembly at all (", "nor valid WAT")]
    [TestCase("\0asm\u0001\0\0\0\u0001garbage", "not valid WebAssembly")]
    public async Task ApplyWorkload_BadModule_InvalidArgumentNamingIt_NothingStored(string module, string named)
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();

        var error = Assert.ThrowsAsync<RpcException>(async () => await fleet.Admin.ApplyWorkloadAsync(
            new ApplyWorkloadRequest { Name = "bad", Module = ByteString.CopyFromUtf8(module) }, deadline: LocalFleet.Deadline()));
        var workloads = await fleet.Admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: LocalFleet.Deadline());

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(error.Status.Detail, Does.Contain("workload bad").And.Contain(named));
            Assert.That(workloads.Workloads, Is.Empty);
        });
    }

    [Test]
    public async Task ApplyWorkload_BadName_InvalidArgument()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var hello = await File.ReadAllBytesAsync(Repo.Sample("hello/hello.wat"));

        var error = Assert.ThrowsAsync<RpcException>(async () => await fleet.Admin.ApplyWorkloadAsync(
            new ApplyWorkloadRequest { Name = "Hello_World", Module = ByteString.CopyFrom(hello) }, deadline: LocalFleet.Deadline()));

        Assert.That(error!.Status.Detail, Does.Contain("'Hello_World' is not a DNS label"));
    }

    [Test]
    public async Task ApplyWorkload_SameTwice_SecondUnchanged_StateSurvivesRestart()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();

        var first = await fleet.ApplyHelloAsync();
        var second = await fleet.ApplyHelloAsync();
        fleet.KillController();
        await fleet.StartControllerAsync();
        var workloads = await fleet.Admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: LocalFleet.Deadline());

        Assert.Multiple(() =>
        {
            Assert.That(first.Changed, Is.True);
            Assert.That(second.Changed, Is.False);
            Assert.That(workloads.Workloads.Select(w => w.Name), Is.EqualTo(new[] { "hello" }), "kept across a SIGKILL");
            Assert.That(workloads.Workloads[0].ModuleDigest, Is.EqualTo(first.ModuleDigest));
        });
    }

    [Test]
    public async Task CorruptFleetStore_StartupFails_NamingTheFile()
    {
        using var fleet = new LocalFleet();
        var dir = Path.Combine(fleet.Dir, "controller");
        Directory.CreateDirectory(dir);
        var garbage = new byte[16384];
        new Random(3).NextBytes(garbage);
        await File.WriteAllBytesAsync(Path.Combine(dir, "fleet.db"), garbage);

        using var controller = ChildProcess.Start("controller", Repo.ControllerDll,
            ["run", "--data-dir", dir, "--listen", fleet.ControllerUrl, "--mqtt-port", fleet.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var code = await controller.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Not.Zero);
            Assert.That(controller.Output, Does.Contain("fleet.db").And.Contain("is damaged").And.Contain("refusing to start"));
        });
    }
}
