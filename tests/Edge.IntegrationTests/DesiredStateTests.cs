using System.Security.Cryptography;
using System.Text.Json;
using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>A real agent fed malformed desired states by a scripted controller.</summary>
[TestFixture]
public sealed class DesiredStateTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task MalformedDesiredState_RefusedWhole_PreviousKeepsRunning()
    {
        await using var controller = await FakeController.StartAsync();
        using var fleet = new LocalFleet();
        var hello = await File.ReadAllBytesAsync(Repo.Sample("hello/hello.wat"));
        var helloDigest = Digest(hello);
        controller.Service.Modules[helloDigest] = hello;
        var agent = fleet.StartAgent("node-1", controller.Url);

        controller.Service.Send(State(1, ("hello", helloDigest)));
        await WaitForAsync(fleet, 1, "hello", "Running");

        // Two workloads with one name, and a digest that is not one: refused whole.
        controller.Service.Send(State(2, ("hello", helloDigest), ("hello", helloDigest), ("other", "sha256:nothex")));
        await Eventually.Until(() => agent.OutputContains("v2 from controller refused"), Bound, "the agent logs the refusal");
        var after = await fleet.AgentStatusAsync("node-1");

        Assert.Multiple(() =>
        {
            Assert.That(agent.HasExited, Is.False);
            Assert.That(after.GetProperty("appliedVersion").GetInt64(), Is.EqualTo(1), "still running v1");
            Assert.That(Phase(after, "hello"), Is.EqualTo("Running"));
            Assert.That(agent.Output, Does.Contain("appears more than once").And.Contain("sha256:nothex"));
        });
    }

    [Test]
    public async Task BrokenModule_FailsThatWorkloadWithItsError_OthersKeepRunning()
    {
        await using var controller = await FakeController.StartAsync();
        using var fleet = new LocalFleet();
        var hello = await File.ReadAllBytesAsync(Repo.Sample("hello/hello.wat"));
        var broken = "\0asm\u0001\0\0\0garbage"u8.ToArray();
        controller.Service.Modules[Digest(hello)] = hello;
        controller.Service.Modules[Digest(broken)] = broken;
        var agent = fleet.StartAgent("node-1", controller.Url);

        controller.Service.Send(State(1, ("hello", Digest(hello)), ("broken", Digest(broken))));
        var status = await WaitForAsync(fleet, 1, "broken", "Failed");

        Assert.Multiple(() =>
        {
            Assert.That(agent.HasExited, Is.False);
            Assert.That(Phase(status, "hello"), Is.EqualTo("Running"));
            Assert.That(Message(status, "broken"), Is.Not.Empty, "the failure says why");
        });
        await Eventually.Until(() => controller.Service.Reports.Any(r => r.Workloads.Any(w => w.Name == "broken" && w.Phase == WorkloadPhase.Failed && w.Message.Length > 0)),
            Bound, "the failure is reported to the controller");
    }

    [Test]
    public async Task ModuleNotMatchingItsDigest_NotRun_WorkloadWaitsWithReason()
    {
        await using var controller = await FakeController.StartAsync();
        using var fleet = new LocalFleet();
        var hello = await File.ReadAllBytesAsync(Repo.Sample("hello/hello.wat"));
        var claimed = Digest("something else"u8.ToArray());
        controller.Service.Modules[claimed] = hello; // served bytes do not hash to the digest asked for
        fleet.StartAgent("node-1", controller.Url);

        controller.Service.Send(State(1, ("hello", claimed)));
        var status = await WaitForAsync(fleet, 1, "hello", "Pending");

        Assert.That(Message(status, "hello"), Does.Contain("does not match its digest"));
    }

    private static async Task<JsonElement> WaitForAsync(LocalFleet fleet, long version, string workload, string phase) =>
        await Eventually.Until(() => fleet.AgentStatusAsync("node-1"),
            s => s.GetProperty("appliedVersion").GetInt64() == version && Phase(s, workload) == phase,
            Bound, $"{workload} {phase} at v{version}");

    private static string? Phase(JsonElement status, string name) => Workload(status, name)?.GetProperty("phase").GetString();

    private static string? Message(JsonElement status, string name) => Workload(status, name)?.GetProperty("message").GetString();

    private static JsonElement? Workload(JsonElement status, string name) =>
        status.GetProperty("workloads").EnumerateArray().Where(w => w.GetProperty("name").GetString() == name).Select(w => (JsonElement?)w).FirstOrDefault();

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static DesiredState State(long version, params (string Name, string Digest)[] workloads)
    {
        var state = new DesiredState { Version = version };
        foreach (var (name, digest) in workloads)
        {
            state.Workloads.Add(new WorkloadSpec { Name = name, Module = new ModuleRef { Digest = digest } });
        }

        return state;
    }
}
