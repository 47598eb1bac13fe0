using Edge.Controller.Events;
using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.Controller.Grpc;

/// <summary>ListEvents and WatchEvents: the event log in the caller's tenant scope (edgectl get events [-w]).</summary>
internal sealed partial class AdminGrpcService
{
    public override Task<ListEventsResponse> ListEvents(ListEventsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = TenantScope.Of(context, request.Tenant, request.AllTenants);
        if (request.Limit is < 0 or > EventMapping.MaxLimit)
        {
            throw EventMapping.Invalid($"limit {request.Limit} is out of range: 0 (the newest {EventMapping.DefaultLimit}) to {EventMapping.MaxLimit}");
        }

        DateTimeOffset? since = null;
        if (request.Since is { } window)
        {
            var span = window.ToTimeSpan();
            since = span >= TimeSpan.Zero && span <= TimeSpan.FromDays(366)
                ? fleet.Events.Now - span
                : throw EventMapping.Invalid($"since {span} is out of range: 0 to 366 days");
        }

        var filter = EventMapping.ToFilter(scope, request.Kind, request.Name, request.Type, request.Reason, since);
        var (events, omitted, sequence) = fleet.Events.List(filter, request.Limit == 0 ? EventMapping.DefaultLimit : request.Limit);
        var response = new ListEventsResponse { Sequence = sequence, Omitted = omitted };
        response.Events.Add(events.Select(e => e.ToProto()));
        return Task.FromResult(response);
    }

    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<Event> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var scope = TenantScope.Of(context, request.Tenant, request.AllTenants);
        if (request.AfterSequence < 0)
        {
            throw EventMapping.Invalid($"after_sequence {request.AfterSequence} is negative");
        }

        var filter = EventMapping.ToFilter(scope, request.Kind, request.Name, request.Type, request.Reason, null);
        EventWatch watch;
        try
        {
            watch = fleet.Events.Watch(filter, request.AfterSequence);
        }
        catch (EventLogException ex)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, ex.Message));
        }

        using (watch)
        {
            try
            {
                await foreach (var e in watch.Reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
                {
                    await responseStream.WriteAsync(e.ToProto(), context.CancellationToken).ConfigureAwait(false);
                }
            }
            catch (EventWatchOverflowException ex)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted, ex.Message));
            }
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
                // The watcher went away.
            }
        }
    }
}
