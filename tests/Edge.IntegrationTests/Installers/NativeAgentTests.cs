using System.Text;

namespace Edge.IntegrationTests.Installers;

/// <summary>
/// The agent the packages ship is a Native AOT executable: no JIT, no
/// reflection-built serializers. It must do what the JIT build does against a
/// real controller: run a workload with host functions, serve its HTTP
/// trigger, and run its stored desired state again after a SIGKILL.
/// </summary>
[TestFixture]
public sealed class NativeAgentTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task PublishedAgent_IsNativeAndRunsEchoThroughRestart()
    {
        // The packages fall back to a JIT agent where the AOT toolchain is missing; this test is about the native one.
        Shell.Require("clang-14", "clang-14");
        Shell.Require("ld.lld-14", "lld-14");
        Shell.Require("llvm-objcopy-14", "llvm-14");
        await Packages.EnsureBuiltAsync();
        var publish = Packages.PublishDir("linux-x64", "edge-agent");
        var program = Path.Combine(publish, "edge-agent");
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var agent = fleet.StartAgentProgram("native-1", program); // the fleet owns and disposes its agents

        var (code, output) = await fleet.EdgectlAsync("apply", "-f", Repo.Sample("echo/workload.yaml"));
        Assert.That(code, Is.Zero, output);
        var first = await EchoAsync(fleet, "native-1", "from the native agent");
        await Eventually.Until(() => agent.OutputContains("echo log: echoing the request body"), Bound, "edge.log from the workload in the agent's log");

        // The desired state comes back from agent.db (source-generated JSON) with no controller.
        fleet.KillController();
        agent.Kill();
        fleet.StartAgentProgram("native-1", program);
        var second = await EchoAsync(fleet, "native-1", "after SIGKILL, controller down");

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(publish, "edge-agent.dll")), Is.False, "no managed entry assembly: the agent is compiled ahead of time");
            Assert.That(first, Is.EqualTo("from the native agent"));
            Assert.That(second, Is.EqualTo("after SIGKILL, controller down"));
        });
    }

    private static async Task<string> EchoAsync(LocalFleet fleet, string node, string body)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await Eventually.Until(
            async () =>
            {
                using var response = await http.PostAsync(new Uri($"{fleet.AgentStatusUrl(node)}/w/echo"), new StringContent(body, Encoding.UTF8));
                return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"HTTP {(int)response.StatusCode}";
            },
            text => text == body,
            Bound,
            $"echo on {node} answers '{body}'");
    }
}
