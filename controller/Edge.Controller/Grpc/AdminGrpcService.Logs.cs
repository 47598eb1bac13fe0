using System.Globalization;
using Edge.Controller.Fleet;
using Edge.Protos.V1;
using Edge.Scheduling;
using Grpc.Core;

namespace Edge.Controller.Grpc;

/// <summary>
/// GetLogs (edgectl logs): asks each node that holds the workload's output over its Connect
/// stream, at once and each within a bound, and merges the lines in time order. A node that
/// cannot answer is named in the errors with why (offline since when, no answer in time); the
/// other nodes' lines still come. Tenancy as for every read: another tenant's workload is not found.
/// </summary>
internal sealed partial class AdminGrpcService
{
    /// <summary>How long one node has to answer a log request.</summary>
    internal static readonly TimeSpan LogAnswerBound = TimeSpan.FromSeconds(5);

    public const int MaxLogTail = 100_000;

    /// <summary>At most about this many bytes of text in one answer, inside gRPC's default 4 MiB message bound.</summary>
    public const int MaxLogAnswerBytes = 3 * 1024 * 1024;

    public override async Task<GetLogsResponse> GetLogs(GetLogsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var scope = TenantScope.Of(context, request.Tenant);
        var key = scope.Key(request.Workload);
        if (request.Node.Length > 0 && !Names.IsDnsLabel(request.Node))
        {
            throw Invalid($"node name '{request.Node}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters)");
        }

        if (request.Tail is < 0 or > MaxLogTail)
        {
            throw Invalid($"tail {request.Tail} must be between 0 (every line) and {MaxLogTail}");
        }

        var sinceSpan = request.Since?.ToTimeSpan();
        if (sinceSpan is { } span && span <= TimeSpan.Zero)
        {
            throw Invalid($"since {span.TotalSeconds} s must be positive");
        }

        if (request.After.Any(a => a.Value < 0))
        {
            throw Invalid("after: a sequence must not be negative");
        }

        var sources = Run(() => fleet.LogSources(key, request.Node));
        var relay = services.GetRequiredService<NodeLogRelay>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var since = sinceSpan is { } s ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now - s) : null;
        var answers = await Task.WhenAll(sources.Select(source => AskNodeAsync(relay, source, key, request, since, context.CancellationToken)));

        var response = new GetLogsResponse();
        var following = request.After.Count > 0;
        var merged = answers
            .SelectMany(a => a.Lines.Select(line => new NodeLogLine { Node = a.Source.Node, Line = line }))
            .OrderBy(l => l.Line.Time?.ToDateTimeOffset() ?? DateTimeOffset.MinValue)
            .ThenBy(l => l.Node, StringComparer.Ordinal)
            .ThenBy(l => l.Line.Sequence)
            .ToList();
        var kept = Edge.Agent.Core.SizeBound.Keep(merged, l => l.Line.Text.Length + l.Node.Length + 64, MaxLogAnswerBytes, newest: !following);
        if (kept.Count < merged.Count)
        {
            response.Errors.Add($"{merged.Count - kept.Count} {(following ? "newer" : "older")} lines left out to keep the answer within {MaxLogAnswerBytes / (1024 * 1024)} MiB; narrow with --node, --tail or --since");
        }

        if (sources.Count == 0)
        {
            response.Errors.Add($"workload {request.Workload} has no replica on any node, so no output");
        }

        var lastGiven = kept.GroupBy(l => l.Node, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(l => l.Line.Sequence), StringComparer.Ordinal);
        foreach (var (source, _, error) in answers)
        {
            if (error is not null)
            {
                response.Errors.Add(error);
            }

            // A follower goes on after the last line it was given, so lines left out now come next time.
            response.Last[source.Node] = lastGiven.TryGetValue(source.Node, out var given) ? given : request.After.GetValueOrDefault(source.Node);
        }

        response.Lines.Add(kept);
        return response;
    }

    private static async Task<(LogSource Source, IReadOnlyList<LogLine> Lines, string? Error)> AskNodeAsync(
        NodeLogRelay relay, LogSource source, string key, GetLogsRequest request, Google.Protobuf.WellKnownTypes.Timestamp? since, CancellationToken ct)
    {
        var ask = new LogRequest
        {
            Workload = key,
            Tail = request.Tail,
            Previous = request.Previous,
            AfterSequence = request.After.GetValueOrDefault(source.Node),
            Since = since,
        };
        try
        {
            var reply = await relay.AskAsync(source.Node, ask, LogAnswerBound, ct);
            return reply.Error.Length > 0 ? (source, [], $"node {source.Node} refused: {reply.Error}")
                : reply.Truncated ? (source, reply.Lines, $"node {source.Node}: {(ask.AfterSequence > 0 ? "newer" : "older")} lines left out to keep its answer within 1 MiB; narrow with --tail or --since")
                : (source, reply.Lines, null);
        }
        catch (NodeOfflineException)
        {
            return (source, [], OfflineText(source));
        }
        catch (TimeoutException)
        {
            return (source, [], string.Create(CultureInfo.InvariantCulture, $"node {source.Node} did not answer within {LogAnswerBound.TotalSeconds} s"));
        }
    }

    private static string OfflineText(LogSource source) => source.LastSeen is { } seen
        ? string.Create(CultureInfo.InvariantCulture, $"node {source.Node} is offline (last seen {seen.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})")
        : $"node {source.Node} is offline (never seen)";
}
