using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;

namespace Edge.Ctl.Client;

/// <summary>Turns a failed call into the one line edgectl prints, without a stack trace.</summary>
internal static class RpcErrorMessage
{
    public static string Describe(RpcException exception, ControllerAddress address, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(address);

        if (TryGetConnectFailure(exception, out var reason))
        {
            return $"cannot reach controller at {address}: {reason}";
        }

        if (exception.StatusCode == StatusCode.DeadlineExceeded)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{exception.StatusCode}: no answer from controller at {address} within {timeout.TotalSeconds:0.###}s (see --timeout)");
        }

        var detail = string.IsNullOrWhiteSpace(exception.Status.Detail) ? "(no detail)" : exception.Status.Detail;
        return $"{exception.StatusCode}: {detail}";
    }

    /// <summary>
    /// The client raises Unavailable with the transport's exception attached when it never got an HTTP/2
    /// response; a server that answers Unavailable itself has no such exception.
    /// </summary>
    private static bool TryGetConnectFailure(RpcException exception, out string reason)
    {
        reason = string.Empty;
        if (exception.StatusCode != StatusCode.Unavailable)
        {
            return false;
        }

        for (var current = exception.Status.DebugException; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or SocketException or IOException)
            {
                reason = ReasonFrom(current);
                return true;
            }
        }

        return false;
    }

    private static string ReasonFrom(Exception exception)
    {
        const string SeeInner = ", see inner exception.";
        var message = exception.Message.Trim();
        if (exception.InnerException is { } inner && message.EndsWith(SeeInner, StringComparison.Ordinal))
        {
            // e.g. "The SSL connection could not be established: <what the certificate check said>".
            return string.Concat(message.AsSpan(0, message.Length - SeeInner.Length), ": ", inner.Message.Trim());
        }

        return message;
    }
}
