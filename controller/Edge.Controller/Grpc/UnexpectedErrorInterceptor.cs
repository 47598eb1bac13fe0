using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Edge.Controller.Grpc;

/// <summary>
/// The one place an exception no service mapped becomes a status: <c>Internal</c> with its type and
/// message (the log has the stack), never grpc-dotnet's bare "Unknown: Exception was thrown by
/// handler". Refusals the services map themselves (RpcException) and cancellations pass as they are;
/// an I/O error of a call whose client went away ends it as Cancelled, without an error log.
/// </summary>
internal sealed partial class UnexpectedErrorInterceptor(ILogger<UnexpectedErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException and not OperationCanceledException)
        {
            throw Map(context, ex);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException and not OperationCanceledException)
        {
            throw Map(context, ex);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException and not OperationCanceledException)
        {
            throw Map(context, ex);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException and not OperationCanceledException)
        {
            throw Map(context, ex);
        }
    }

    private RpcException Map(ServerCallContext context, Exception ex)
    {
        if (ex is IOException && context.CancellationToken.IsCancellationRequested)
        {
            // The client reset its stream or its connection (a node losing power, a killed edgectl):
            // the call ends as cancelled, as it would have had the read noticed the abort first.
            // Not an error of the controller's: a thousand nodes cut at once must not log a thousand stacks.
            LogClientGone(context.Method, ex.Message);
            return new RpcException(new Status(StatusCode.Cancelled, $"the client went away: {ex.Message}"));
        }

        LogUnexpected(context.Method, ex);
        return new RpcException(new Status(StatusCode.Internal, $"the controller failed to carry out {context.Method}: {ex.GetType().Name}: {ex.Message}"));
    }

    [LoggerMessage(EventId = 1309, Level = LogLevel.Error, Message = "Call {Method} failed with an unexpected exception")]
    private partial void LogUnexpected(string method, Exception exception);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Debug, Message = "Call {Method} ended: the client went away ({Reason})")]
    private partial void LogClientGone(string method, string reason);
}
