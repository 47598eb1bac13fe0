using System.Net.Sockets;
using System.Text;

namespace Edge.IntegrationTests.Installers;

/// <summary>The agent as systemd runs it: sd_notify READY and watchdog pings, selftest, and the arm64 build under qemu.</summary>
[TestFixture]
public sealed class AgentServiceTests
{
    [Test]
    public async Task Run_NotifySocket_ReadyThenWatchdogPings()
    {
        var dir = Directory.CreateTempSubdirectory("edge-notify-");
        try
        {
            var socketPath = Path.Combine(dir.FullName, "notify.sock");
            using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            using var agent = ChildProcess.Start("agent", Repo.AgentDll,
                ["run", "--data-dir", Path.Combine(dir.FullName, "data"), "--node-name", "notify-1",
                 "--controller", $"http://127.0.0.1:{Ports.Free()}", "--status-listen", $"http://127.0.0.1:{Ports.Free()}"],
                new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "1000000" });

            var messages = new List<string>();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var buffer = new byte[4096];
            while (!(messages.Contains("READY=1") && messages.Count(m => m == "WATCHDOG=1") >= 3))
            {
                var received = await listener.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                messages.Add(Encoding.UTF8.GetString(buffer, 0, received).Trim());
            }

            Assert.That(messages, Does.Contain("READY=1"));
            Assert.That(messages.Count(m => m == "WATCHDOG=1"), Is.GreaterThanOrEqualTo(3));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Selftest_RunsWasmSample_PrintsVersion()
    {
        var result = await Shell.RunAsync("dotnet", [Repo.AgentDll, "selftest"], TimeSpan.FromMinutes(1));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Match(@"edge-agent \d+\.\d+\.\d+ \(x64\)").And.Contain("wasm: edge selftest ok"));
    }

    [TestCase("Agent:ReservedCpuMillicores=-1", "Agent:ReservedCpuMillicores must be between")]
    [TestCase("Agent:ReservedMemoryBytes=lots", "ReservedMemoryBytes")]
    public async Task Run_BadReservation_StopsNamingTheKey(string setting, string message)
    {
        var dir = Directory.CreateTempSubdirectory("edge-reserve-");
        try
        {
            var result = await Shell.RunAsync("dotnet",
                [Repo.AgentDll, "run", "--data-dir", dir.FullName, "--node-name", "n1", "--status-listen", $"http://127.0.0.1:{Ports.Free()}", "--set", setting],
                TimeSpan.FromMinutes(1));

            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain(message));
            Assert.That(Directory.GetFileSystemEntries(dir.FullName), Is.Empty, "nothing written");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Arm64Publish_SelftestUnderQemu()
    {
        var qemu = Shell.Require("qemu-aarch64-static", "qemu-user-static");
        const string sysroot = "/usr/aarch64-linux-gnu";
        if (!File.Exists(Path.Combine(sysroot, "lib", "ld-linux-aarch64.so.1")))
        {
            Edge.Testing.MissingTool.Skip("no arm64 C library for qemu (apt-get install -y libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)");
        }

        await Packages.EnsureBuiltAsync();
        var agent = Path.Combine(Packages.PublishDir("linux-arm64", "edge-agent"), "edge-agent");

        var result = await Shell.RunAsync(qemu, ["-L", sysroot, agent, "selftest"], TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Match(@"edge-agent \d+\.\d+\.\d+ \(arm64\)").And.Contain("wasm: edge selftest ok"));
    }
}
