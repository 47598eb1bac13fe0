using System.Globalization;
using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.IntegrationTests;

/// <summary>
/// Accounts for one node's telemetry: what its agent produced, dropped by
/// policy and still holds (its /metrics), against the sequences the
/// controller ingested (series queries), per controller lifetime. The aim:
/// every sample ingested exactly once or counted as dropped.
/// </summary>
internal sealed class TelemetryLedger(LocalFleet fleet, string node)
{
    private readonly List<HashSet<ulong>> _lifetimes = [[]];
    private int _duplicatesWithinLifetime;

    public IEnumerable<ulong> Ingested => _lifetimes.SelectMany(l => l).Distinct();

    /// <summary>Samples ingested by more than one controller process (a PUBACK lost in the crash).</summary>
    public int IngestedAgainAfterRestart => _lifetimes.SelectMany(l => l).GroupBy(s => s).Count(g => g.Count() > 1);

    /// <summary>Reads the controller's raw series of the node; returns how many sequences it holds.</summary>
    public async Task<int> PollAsync()
    {
        QuerySeriesResponse response;
        try
        {
            response = await fleet.Admin.QuerySeriesAsync(
                new QuerySeriesRequest { Node = node, Metrics = { "cpu_usage_ratio" } }, deadline: LocalFleet.Deadline());
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return 0;
        }

        var sequences = response.Series.Single().Points.Select(p => p.Sequence).ToList();
        _duplicatesWithinLifetime = Math.Max(_duplicatesWithinLifetime, sequences.Count - sequences.Distinct().Count());
        _lifetimes[^1].UnionWith(sequences);
        return sequences.Count;
    }

    /// <summary>Polls until two reads agree (the agent is paused or the stream idle).</summary>
    public async Task PollUntilStableAsync()
    {
        var last = -1;
        await Eventually.Until(async () =>
        {
            var now = await PollAsync();
            var stable = now == last;
            last = now;
            return stable;
        }, stable => stable, TimeSpan.FromSeconds(30), $"series of {node} stable");
    }

    /// <summary>Sequences up to <paramref name="through"/> never ingested, as ranges ("41-53, 60").</summary>
    private string Missing(ulong through)
    {
        var seen = Ingested.ToHashSet();
        var ranges = new List<string>();
        ulong? start = null;
        for (ulong s = 1; s <= through + 1; s++)
        {
            var missing = s <= through && !seen.Contains(s);
            if (missing && start is null)
            {
                start = s;
            }
            else if (!missing && start is { } a)
            {
                ranges.Add(a == s - 1 ? $"{a}" : $"{a}-{s - 1}");
                start = null;
            }
        }

        return string.Join(", ", ranges);
    }

    public void ControllerRestarted() => _lifetimes.Add([]);

    public async Task<AgentTelemetryFigures> AgentFiguresAsync()
    {
        var text = await fleet.AgentMetricsAsync(node);
        ulong Read(string name) => text.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(l => ulong.Parse(l[(name.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture)).Single();
        return new AgentTelemetryFigures(
            Read("edge_agent_telemetry_samples_produced_total"),
            Read("edge_agent_telemetry_samples_acknowledged_total"),
            Read("edge_agent_telemetry_samples_dropped_total"),
            Read("edge_agent_telemetry_outbox_samples"),
            Read("edge_agent_telemetry_samples_dropped_after_send_total"));
    }

    /// <summary>
    /// Waits until every sample the agent produced is ingested, dropped by
    /// policy, or still in its outbox, then prints and returns the account.
    /// </summary>
    public async Task<TelemetryAccount> SettleAsync(string scenario, long duplicatesCounted, bool brokerMayLose = false)
    {
        TelemetryAccount account = null!;
        await Eventually.Until(async () =>
        {
            var agent = await AgentFiguresAsync();
            await PollAsync();
            var ingested = Ingested.Count(s => s >= 1 && s <= agent.Produced);
            var balance = (long)agent.Produced - ingested - (long)agent.Dropped - (long)agent.Pending;
            account = new TelemetryAccount(
                scenario, agent.Produced, (ulong)ingested, agent.Dropped, agent.Pending, duplicatesCounted,
                IngestedAgainAfterRestart, _duplicatesWithinLifetime,
                // Below zero by at most the samples dropped after a broker took them: counted as dropped, ingested all the same.
                balance < 0 && -balance <= (long)agent.DroppedAfterSend ? 0 : balance,
                Missing(agent.Produced - agent.Pending))
            {
                DroppedAfterSend = agent.DroppedAfterSend,
            };
            return account;
        }, a => (a.Unexplained == 0 || brokerMayLose) && a.Pending == 0, TimeSpan.FromSeconds(60), $"every sample of {node} accounted for");
        TestContext.Out.WriteLine(account.ToString());
        return account;
    }
}
