using Edge.Agent.Core;
using Edge.Agent.Hosting;
using Grpc.Core;

namespace Edge.Agent.Enrollment;

/// <summary>What the identity loops (renewal, voucher redemption) retry on, and how long they wait.</summary>
internal static class IdentityRetry
{
    public static bool IsRetryable(Exception ex) =>
        ex is RpcException or IOException or InvalidDataException or System.Security.Cryptography.CryptographicException;

    /// <summary>Whether the controller was out of reach, as opposed to refusing.</summary>
    public static bool IsUnreachable(Exception ex) => ex is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded };

    public static TimeSpan Delay(int attempt, AgentOptions options) =>
        Backoff.Delay(attempt, options.ReconnectMinDelay, options.ReconnectMaxDelay, Random.Shared.NextDouble());

    /// <summary>Waits; false when the agent is stopping.</summary>
    public static async Task<bool> WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
