using System.Globalization;
using Edge.Protos.V1;
using Google.Protobuf;

namespace Edge.IntegrationTests;

/// <summary>
/// The node autoscaler end to end with real processes: the controller's exec provider runs an
/// operator script written here, which "wakes a device" by starting a real edge-agent with the
/// group's label and "powers it off" with SIGKILL. A workload that fits nowhere gets a node that
/// enrolls and runs it; once the workload is gone the node is unneeded, drained and deleted.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class NodeAutoscalingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Test]
    public async Task ExecProvider_ReplicaFitsNowhere_ScriptStartsAnAgentThatRunsIt_ThenDeletesItWhenUnneeded()
    {
        using var fleet = new LocalFleet();
        var devices = Path.Combine(fleet.Dir, "devices");
        Directory.CreateDirectory(devices);
        var script = WriteScript(fleet, devices);
        try
        {
            await fleet.StartControllerAsync(
                "--Controller:NodeAutoscaling:ScanInterval=00:00:00.200",
                "--Controller:NodeAutoscaling:ScaleDownUnneededTime=00:00:01",
                "--Controller:NodeAutoscaling:ScaleDownDelayAfterAdd=00:00:00",
                "--Controller:NodeAutoscaling:Providers:wake:Type=exec",
                $"--Controller:NodeAutoscaling:Providers:wake:Command={script}",
                "--Controller:NodeAutoscaling:Providers:wake:Timeout=00:00:30");
            var manifest = Path.Combine(fleet.Dir, "nodegroup.yaml");
            await File.WriteAllTextAsync(manifest, """
                apiVersion: edge/v1
                kind: NodeGroup
                metadata:
                  name: edge
                spec:
                  min: 0
                  max: 2
                  provider: wake
                  template:
                    cpu: 1
                    memory: 512Mi
                """);
            var applied = await Ctl(fleet, "apply", "-f", manifest);

            // No node at all: the replica fits nowhere, so the group is asked for one.
            await fleet.Admin.ApplyWorkloadAsync(new ApplyWorkloadRequest
            {
                Name = "hello",
                Module = ByteString.CopyFrom(await File.ReadAllBytesAsync(Repo.Sample("hello/hello.wat"))),
                Mode = WorkloadMode.Replicated,
                Replicas = 1,
                Requests = new Resources { CpuMillicores = 100, MemoryBytes = 16L << 20 },
            }, deadline: LocalFleet.Deadline());
            var woken = await Eventually.Until(fleet.NodesAsync, ns => ns.Any(LocalFleet.RunsHello), Bound, "a woken node runs hello");
            var groups = await Ctl(fleet, "get", "nodegroups");
            var pid = int.Parse(await File.ReadAllTextAsync(Path.Combine(devices, "edge-1.pid")), CultureInfo.InvariantCulture);
            var grown = await fleet.Admin.ExplainNodeGroupAsync(new ExplainNodeGroupRequest { Name = "edge" }, deadline: LocalFleet.Deadline());

            // The workload goes: the node is empty, unneeded for 1 s, drained, then the script powers it off.
            await fleet.Admin.DeleteWorkloadAsync(new DeleteWorkloadRequest { Name = "hello" }, deadline: LocalFleet.Deadline());
            await Eventually.Until(fleet.NodesAsync, ns => ns.Count == 0, Bound, "the unneeded node left the fleet");
            await Eventually.Until(() => !Alive(pid), Bound, "the script killed the woken agent");
            var explained = await Ctl(fleet, "explain", "node", "edge-1", "-o", "json");
            var shrunk = await fleet.Admin.ListNodeGroupsAsync(new ListNodeGroupsRequest(), deadline: LocalFleet.Deadline());

            Assert.Multiple(() =>
            {
                Assert.That(applied, Does.Contain("nodegroup/edge configured"));
                Assert.That(woken.Single().Name, Is.EqualTo("edge-1"));
                Assert.That(woken.Single().Facts.Labels["edge.io/nodegroup"], Is.EqualTo("edge"));
                Assert.That(groups, Does.Match(@"edge\s+0\s+2\s+1\s+0\s+1\s+wake \(exec\)\s+-"));
                Assert.That(grown.Events.Select(e => e.Kind), Does.Contain("scale-up").And.Contain("node-registered"));
                Assert.That(File.ReadAllLines(Path.Combine(devices, "deleted")), Is.EqualTo(new[] { "edge-1" }));
                Assert.That(explained, Does.Contain("\"scale-down\"").And.Contain("\"delete-requested\"").And.Contain("\"node-deleted\""));
                Assert.That(shrunk.Groups.Single(), Has.Property("Current").EqualTo(0).And.Property("Upcoming").EqualTo(0).And.Property("Backoff").Null);
            });
        }
        finally
        {
            KillDevices(devices);
        }
    }

    /// <summary>The operator script: wake = start an agent labelled for the group; delete = SIGKILL it.</summary>
    private static string WriteScript(LocalFleet fleet, string devices)
    {
        // Status ports are free loopback ports chosen now; the script takes the next one per device.
        File.WriteAllLines(Path.Combine(devices, "ports"), Enumerable.Range(0, 4).Select(_ => Ports.Free().ToString(CultureInfo.InvariantCulture)));
        var path = Path.Combine(devices, "wake.sh");
        File.WriteAllText(path, $$"""
            #!/bin/bash
            # Node-group provider for the test (contract: docs/node-groups-exec.md).
            set -eu
            dir='{{devices}}'
            request=$(cat)
            field() { printf '%s' "$request" | sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p"; }
            case "$1" in
              increase-size)
                group=$(field group)
                for _ in $(seq 1 "$(field delta)"); do
                  n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
                  echo "$n" > "$dir/count"
                  name="$group-$n"
                  port=$(sed -n "${n}p" "$dir/ports")
                  dotnet '{{Repo.AgentDll}}' run --controller '{{fleet.ControllerUrl}}' --node-name "$name" \
                    --data-dir "$dir/$name" --status-listen "http://127.0.0.1:$port" --heartbeat 00:00:00.300 \
                    --telemetry-period 00:00:00.300 --labels "edge.io/nodegroup=$group" \
                    --set Agent:ReconnectMinDelay=00:00:00.100 --set Agent:ReconnectMaxDelay=00:00:00.500 \
                    > "$dir/$name.log" 2>&1 < /dev/null &
                  echo $! > "$dir/$name.pid"
                done
                echo "woke $(field delta) device(s) of $group" ;;
              delete-node)
                node=$(field node)
                kill -9 "$(cat "$dir/$node.pid")"
                echo "$node" >> "$dir/deleted"
                echo "powered off $node" ;;
              *) echo "unknown action $1" >&2; exit 2 ;;
            esac
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static async Task<string> Ctl(LocalFleet fleet, params string[] args)
    {
        var (code, output) = await fleet.EdgectlAsync(args);
        Assert.That(code, Is.Zero, $"edgectl {string.Join(' ', args)}: {output}");
        return output;
    }

    /// <summary>Running and not a zombie (a killed orphan may wait for its reaper).</summary>
    private static bool Alive(int pid)
    {
        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].FirstOrDefault() is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>Agents the script started are not the test's children: end them by their pid files.</summary>
    private static void KillDevices(string devices)
    {
        foreach (var file in Directory.GetFiles(devices, "*.pid"))
        {
            var pid = int.Parse(File.ReadAllText(file), CultureInfo.InvariantCulture);
            if (Alive(pid))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (ArgumentException)
                {
                    // exited meanwhile
                }
            }
        }

        foreach (var log in Directory.GetFiles(devices, "*.log"))
        {
            TestContext.Out.WriteLine($"----- {Path.GetFileName(log)} -----\n{File.ReadAllText(log)}");
        }
    }
}
