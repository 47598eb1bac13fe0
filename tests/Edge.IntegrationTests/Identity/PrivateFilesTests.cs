using Edge.Protos.V1;
using Google.Protobuf;

namespace Edge.IntegrationTests.Identity;

/// <summary>
/// Every file holding secrets or fleet data is 0600 in a 0700 directory, as the real
/// controller, agent and edgectl leave them after a run (LiteDB's files and logs included).
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0700 = Mode0600 | UnixFileMode.UserExecute;

    [Test]
    public async Task RealRun_StoresKeysTokensBundlesAndCertificateFiles_OwnerOnly()
    {
        using var fleet = new SecureFleet();
        await fleet.StartControllerAsync();
        Assert.That((await fleet.EnrollWithTokenAsync("pf-1", await fleet.CreateTokenAsync())).Code, Is.Zero);
        fleet.StartAgent("pf-1");
        await fleet.Admin().ApplyWorkloadAsync(new ApplyWorkloadRequest { Name = "hello", Module = ByteString.CopyFrom(await File.ReadAllBytesAsync(Repo.Sample("hello/hello.wat"))) },
            SecureFleet.Call(fleet.AdminToken));
        await Eventually.Until(fleet.NodesAsync, n => n.Any(x => x.Name == "pf-1" && x.Telemetry is not null
            && x.Workloads.Any(w => w.Name == "hello" && w.Phase == WorkloadPhase.Running)), TimeSpan.FromSeconds(60), "pf-1 runs hello and sends telemetry");

        var bundle = Path.Combine(fleet.Dir, "out", "pf-b.edgebundle");
        Directory.CreateDirectory(Path.GetDirectoryName(bundle)!);
        var bundled = await fleet.EdgectlAsync("bundle", "create", "--node", "pf-b", "-o", bundle);
        var csr = Path.Combine(fleet.Dir, "out", "pf-c.csr");
        var csrMade = await fleet.EnrollAsync("pf-c", "--csr-out", csr);
        var signed = Path.Combine(fleet.Dir, "out", "pf-c.crt");
        var signedMade = await fleet.EdgectlAsync("csr", "sign", csr, "-o", signed);
        // An edgectl config that exists with a wide mode is narrowed when edgectl writes a token into it.
        var config = Path.Combine(fleet.Dir, "out", "ctl.yaml");
        await File.WriteAllTextAsync(config, "contexts: []\n");
        File.SetUnixFileMode(config, Mode0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using (var ctl = ChildProcess.Start("edgectl", Repo.CtlDll, ["config", "set-context", "ops", "--server", fleet.ControllerUrl, "--token", fleet.AdminToken],
            new Dictionary<string, string> { ["EDGECONFIG"] = config }))
        {
            Assert.That(await ctl.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.Zero, ctl.Output);
        }

        var controllerDir = fleet.ControllerDataDir;
        var agentDir = fleet.AgentDir("pf-1");
        var stores = Directory.GetFiles(controllerDir, "*.db").Concat(Directory.GetFiles(agentDir, "*.db")).ToList();
        var files = stores.Concat(
        [
            Path.Combine(controllerDir, "pki", "ca.key"),
            Path.Combine(controllerDir, "pki", "admin.token"),
            Path.Combine(controllerDir, "edgectl.yaml"),
            Path.Combine(agentDir, "identity", "node.key"),
            Path.Combine(fleet.AgentDir("pf-c"), "identity", "node.key"),
            bundle,
            signed,
            config,
        ]).ToList();
        var directories = new[]
        {
            controllerDir, Path.Combine(controllerDir, "pki"), agentDir, Path.Combine(agentDir, "identity"), fleet.AgentDir("pf-c"), Path.Combine(fleet.AgentDir("pf-c"), "identity"),
        };

        Assert.Multiple(() =>
        {
            Assert.That(bundled.Code, Is.Zero, bundled.Output);
            Assert.That(csrMade.Code, Is.Zero, csrMade.Output);
            Assert.That(signedMade.Code, Is.Zero, signedMade.Output);
            Assert.That(stores.Select(Path.GetFileName), Is.SupersetOf(new[] { "fleet.db", "identity.db", "telemetry.db", "agent.db" }));
            foreach (var file in files)
            {
                Assert.That(File.GetUnixFileMode(file), Is.EqualTo(Mode0600), file);
            }

            foreach (var directory in directories)
            {
                Assert.That(File.GetUnixFileMode(directory), Is.EqualTo(Mode0700), directory);
            }

            // Whatever else LiteDB or the controller made there (LiteDB logs, temporary files), certificates
            // (public) aside: nobody else may read it.
            foreach (var file in Directory.GetFiles(controllerDir, "*", SearchOption.AllDirectories).Concat(Directory.GetFiles(agentDir, "*.db*")))
            {
                if (!file.EndsWith(".crt", StringComparison.Ordinal))
                {
                    Assert.That(File.GetUnixFileMode(file) & GroupOrOther, Is.EqualTo((UnixFileMode)0), file);
                }
            }
        });
    }

    [Test]
    public async Task ExistingWideFiles_NarrowedAtStart()
    {
        using var fleet = new SecureFleet();
        await fleet.StartControllerAsync();
        fleet.StopController();
        var fleetDb = Path.Combine(fleet.ControllerDataDir, "fleet.db");
        var wide = Mode0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(fleetDb, wide);
        File.SetUnixFileMode(fleet.ControllerDataDir, Mode0700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        await fleet.StartControllerAsync();

        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(fleetDb), Is.EqualTo(Mode0600));
            Assert.That(File.GetUnixFileMode(fleet.ControllerDataDir), Is.EqualTo(Mode0700));
        });
    }
}
