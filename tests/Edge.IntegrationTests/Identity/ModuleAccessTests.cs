using System.Security.Cryptography;
using System.Text;
using Edge.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Edge.IntegrationTests.Identity;

/// <summary>
/// GetModule serves a node only the modules of workloads the controller gave it: an enrolled
/// node asking for another node's module learns nothing more than for a digest that does not exist.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ModuleAccessTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Test]
    public async Task GetModule_DigestOnlyAnotherNodeRuns_NotFoundLikeAnUnknownDigest_NothingChanged()
    {
        using var fleet = new SecureFleet();
        var metricsPort = Ports.Free();
        await fleet.StartControllerAsync($"--Controller:Telemetry:MetricsListen=http://127.0.0.1:{metricsPort}");
        var token = (await fleet.IdentityAdmin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest { TtlSeconds = 600, Uses = 2 }, SecureFleet.Call(fleet.AdminToken))).Token;
        Assert.That((await fleet.EnrollWithTokenAsync("mod-1", token)).Code, Is.Zero);
        Assert.That((await fleet.EnrollWithTokenAsync("mod-2", token)).Code, Is.Zero);
        fleet.StartAgent("mod-1");
        await Eventually.Until(fleet.NodesAsync, n => n.Any(x => x.Name == "mod-1" && x.Condition == NodeCondition.Ready), TimeSpan.FromSeconds(60), "mod-1 Ready");
        // A module of its own (a comment makes other bytes), placed on mod-1 alone.
        var wat = await File.ReadAllTextAsync(Repo.Sample("hello/hello.wat")) + "\n;; only for mod-1\n";
        var request = new ApplyWorkloadRequest { Name = "only-on-1", Module = ByteString.CopyFromUtf8(wat) };
        request.NodeSelector.Add("edge.io/hostname", "mod-1");
        var digest = (await fleet.Admin().ApplyWorkloadAsync(request, SecureFleet.Call(fleet.AdminToken))).ModuleDigest;
        await Eventually.Until(fleet.NodesAsync, n => n.Single(x => x.Name == "mod-1").Workloads.Any(w => w.Name == "only-on-1" && w.Phase == WorkloadPhase.Running),
            TimeSpan.FromSeconds(60), "only-on-1 runs on mod-1");
        var unknown = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("no such module")));
        var workloadsBefore = (await fleet.Admin().ListWorkloadsAsync(new ListWorkloadsRequest(), SecureFleet.Call(fleet.AdminToken))).ToString();

        using var node2 = fleet.NodeCertificate("mod-2");
        using var node1 = fleet.NodeCertificate("mod-1");
        var stolen = await FetchAsync(fleet, node2, digest);
        var missing = await FetchAsync(fleet, node2, unknown);
        var own = await FetchAsync(fleet, node1, digest);
        var workloadsAfter = (await fleet.Admin().ListWorkloadsAsync(new ListWorkloadsRequest(), SecureFleet.Call(fleet.AdminToken))).ToString();
        var metrics = await Http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");

        Assert.Multiple(() =>
        {
            Assert.That(stolen.Error?.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(stolen.Bytes, Is.Zero, "not one byte of mod-1's module reached mod-2");
            Assert.That(missing.Error?.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(stolen.Error?.Status.Detail.Replace(digest, "D", StringComparison.Ordinal),
                Is.EqualTo(missing.Error?.Status.Detail.Replace(unknown, "D", StringComparison.Ordinal)), "the refusal reads as an unknown digest does");
            Assert.That(own.Error, Is.Null, "mod-1 fetches the module it was given");
            Assert.That(own.Bytes, Is.Positive);
            Assert.That(metrics, Does.Contain("edge_module_fetches_refused_total{node=\"mod-2\"} 2"));
            Assert.That(metrics, Does.Not.Contain("edge_module_fetches_refused_total{node=\"mod-1\"}"));
            Assert.That(workloadsAfter, Is.EqualTo(workloadsBefore));
        });
    }

    private static async Task<(long Bytes, RpcException? Error)> FetchAsync(SecureFleet fleet, System.Security.Cryptography.X509Certificates.X509Certificate2 client, string digest)
    {
        var agent = new AgentService.AgentServiceClient(fleet.Channel(client));
        long bytes = 0;
        try
        {
            using var call = agent.GetModule(new GetModuleRequest { Digest = digest }, deadline: DateTime.UtcNow.AddSeconds(15));
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                bytes += call.ResponseStream.Current.Data.Length;
            }

            return (bytes, null);
        }
        catch (RpcException ex)
        {
            return (bytes, ex);
        }
    }
}
