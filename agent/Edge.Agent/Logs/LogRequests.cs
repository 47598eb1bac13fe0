using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Agent.Logs;

/// <summary>Answers the controller's LogRequest from the workload's ring; a request it cannot serve is answered with why.</summary>
internal static class LogRequests
{
    /// <summary>At most this many lines go in one reply, so a reply stays well inside a gRPC message.</summary>
    public const int MaxLines = 5000;

    /// <summary>
    /// At most about this many bytes of text go in one reply, far inside the Connect stream's
    /// 4 MiB message bound: a reply too large would end the node's stream.
    /// </summary>
    public const int MaxReplyBytes = 1024 * 1024;

    public static LogReply Answer(this WorkloadLogs logs, LogRequest request)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(request);
        var reply = new LogReply { Id = request.Id };
        if (!WorkloadLogs.IsFileName(request.Workload))
        {
            reply.Error = $"'{request.Workload}' is not a workload name";
            return reply;
        }

        if (request.Tail < 0 || request.AfterSequence < 0)
        {
            reply.Error = "tail and after_sequence must not be negative";
            return reply;
        }

        var tail = request.Tail is 0 or > MaxLines ? MaxLines : request.Tail;
        var lines = logs.Read(request.Workload, request.Since?.ToDateTimeOffset(), request.AfterSequence, tail, request.Previous);
        var kept = Core.SizeBound.Keep(lines, l => l.Text.Length + 64, MaxReplyBytes, newest: request.AfterSequence == 0);
        reply.Truncated = kept.Count < lines.Count;
        reply.Lines.Add(kept.Select(l => new Protos.V1.LogLine
        {
            Sequence = l.Sequence,
            Time = Timestamp.FromDateTimeOffset(l.Time),
            Invocation = l.Invocation,
            Stream = l.Stream,
            Text = l.Text,
        }));
        return reply;
    }
}
