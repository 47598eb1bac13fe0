using System.Net;
using System.Text;
using Edge.Protos.V1;
using Google.Protobuf;

namespace Edge.IntegrationTests;

/// <summary>An HTTP call to a workload whose module the real agent is still compiling: 503 with Retry-After, never 404.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class CompilingWorkloadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Test]
    public async Task HttpTrigger_WhileItsModuleCompiles_Is503WithRetryAfterUntilItRuns()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1", null, "--set", "Agent:TriggerStartWait=00:00:00.200");
        await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Condition == NodeCondition.Ready, Bound, "node-1 connects");
        var request = new ApplyWorkloadRequest { Name = "slow", Module = ByteString.CopyFrom(Encoding.UTF8.GetBytes(SlowToCompile())), Mode = WorkloadMode.Global };
        request.Triggers.Add(new Trigger { Kind = TriggerKind.Http });
        await fleet.Admin.ApplyWorkloadAsync(request, deadline: DateTime.UtcNow.AddSeconds(60));
        var url = fleet.AgentStatusUrl("node-1");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // From the moment the agent shows the workload (starting) until it answers: every call is 503 or 200.
        await Eventually.Until(() => http.GetStringAsync($"{url}/status"), s => s.Contains("\"slow\"", StringComparison.Ordinal), Bound, "the agent starts slow");
        var seen = new List<(HttpStatusCode Status, string? RetryAfter, string Outcome, string Body)>();
        await Eventually.Until(async () =>
        {
            using var response = await http.GetAsync($"{url}/w/slow");
            var answer = (response.StatusCode, response.Headers.RetryAfter?.ToString(), string.Join(",", response.Headers.GetValues("X-Edge-Outcome")), await response.Content.ReadAsStringAsync());
            seen.Add(answer);
            return answer.StatusCode;
        }, s => s == HttpStatusCode.OK, Bound, "slow answers");

        var starting = seen.Where(s => s.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(seen.Select(s => s.Status), Has.None.EqualTo(HttpStatusCode.NotFound), "a call during compilation was told there is no such workload");
            Assert.That(seen.Select(s => s.Status), Is.All.EqualTo(HttpStatusCode.ServiceUnavailable).Or.EqualTo(HttpStatusCode.OK));
            Assert.That(starting, Is.Not.Empty, "no call landed while the module compiled");
            Assert.That(starting.Select(s => s.RetryAfter), Is.All.EqualTo("1"));
            Assert.That(starting.Select(s => s.Outcome), Is.All.EqualTo("starting"));
            Assert.That(starting.Select(s => s.Body), Is.All.StartsWith("workload 'slow' is starting (its module is compiling)"));
        });
    }

    /// <summary>A valid WASI command whose compilation takes seconds: many functions of long arithmetic chains.</summary>
    private static string SlowToCompile()
    {
        var wat = new StringBuilder("(module (memory (export \"memory\") 1)\n");
        for (var f = 0; f < 1500; f++)
        {
            wat.Append("(func (param i32) (result i32) (local i32 i32 i32) local.get 0");
            for (var i = 0; i < 60; i++)
            {
                wat.Append(" local.tee ").Append(1 + (i % 3)).Append(" i32.const ").Append(i + f).Append(" i32.mul local.get ").Append(1 + ((i + 1) % 3)).Append(" i32.xor");
            }

            wat.Append(")\n");
        }

        return wat.Append("(func (export \"_start\")))").ToString();
    }
}
