using Edge.Agent.Core;
using Edge.Agent.Hosting;
using Edge.Agent.Runtime;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Triggers;

/// <summary>
/// HTTP triggers: any method on /w/{workload}[/path] runs the workload WAGI-style.
/// Served on Agent:TriggerListen when set (and only there), otherwise on the status listener.
/// </summary>
internal static class HttpTriggerEndpoints
{
    public const string OutcomeHeader = "X-Edge-Outcome";

    public static void MapHttpTriggers(this WebApplication app)
    {
        app.Map("/w/{workload}/{**path}", HandleAsync);
    }

    private static async Task HandleAsync(HttpContext context, string workload, string? path, WasmRuntime runtime, IOptions<AgentOptions> options)
    {
        var o = options.Value;
        if (o.TriggerListen.Length > 0
            && Uri.TryCreate(o.TriggerListen, UriKind.Absolute, out var listen)
            && context.Connection.LocalPort != listen.Port)
        {
            await TextAsync(context, StatusCodes.Status404NotFound, "unavailable", $"HTTP triggers are served on {o.TriggerListen}");
            return;
        }

        var spec = runtime.SpecOf(workload);
        if (spec is null && runtime.IsStarting(workload))
        {
            // Its module is compiling: wait for it a while rather than say there is no such workload.
            if (!await runtime.WaitRunningAsync(workload, o.TriggerStartWait, context.RequestAborted) && runtime.IsStarting(workload))
            {
                context.Response.Headers.RetryAfter = "1";
                await TextAsync(context, StatusCodes.Status503ServiceUnavailable, "starting",
                    $"workload '{workload}' is starting (its module is compiling); not ready within Agent:TriggerStartWait ({o.TriggerStartWait.TotalSeconds:0.###} s), retry");
                return;
            }

            spec = runtime.SpecOf(workload);
        }

        if (spec is null)
        {
            await TextAsync(context, StatusCodes.Status404NotFound, "unavailable", $"no running workload named '{workload}' on this node");
            return;
        }

        if (!spec.Triggers.Any(t => t.Kind == TriggerKind.Http))
        {
            await TextAsync(context, StatusCodes.Status404NotFound, "unavailable", $"workload '{workload}' has no http trigger");
            return;
        }

        var body = await ReadBodyAsync(context, o.TriggerMaxBodyBytes);
        if (body is null)
        {
            await TextAsync(context, StatusCodes.Status413PayloadTooLarge, "unavailable", $"request body is larger than Agent:TriggerMaxBodyBytes ({o.TriggerMaxBodyBytes} bytes)");
            return;
        }

        var request = context.Request;
        var env = Wagi.RequestEnv(
            request.Method,
            workload,
            path is { Length: > 0 } ? "/" + path : "",
            request.QueryString.HasValue ? request.QueryString.Value![1..] : "",
            request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())),
            body.Length,
            context.Connection.RemoteIpAddress?.ToString() ?? "",
            request.Host.Host,
            context.Connection.LocalPort);
        InvocationResult result;
        try
        {
            result = await runtime.InvokeAsync(workload, new InvocationRequest { Stdin = body, Env = env }, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client went away; the guest was stopped
        }

        if (!result.Succeeded)
        {
            var (status, text) = result.Outcome switch
            {
                InvocationOutcome.Busy => (StatusCodes.Status503ServiceUnavailable, result.Error),
                InvocationOutcome.Unavailable => (StatusCodes.Status404NotFound, result.Error),
                InvocationOutcome.TimedOut => (StatusCodes.Status504GatewayTimeout, $"workload '{workload}' {result.Error}"),
                InvocationOutcome.QuotaExceeded => (StatusCodes.Status507InsufficientStorage, $"workload '{workload}' {result.Error}"),
                _ => (StatusCodes.Status500InternalServerError, $"workload '{workload}' failed: {result.Error}"),
            };
            if (result.Outcome == InvocationOutcome.Busy)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            await TextAsync(context, status, OutcomeName(result.Outcome), text);
            return;
        }

        var response = spec.RawHttpOutput ? WagiResponse.RawBody(result.Stdout) : Wagi.ParseResponse(result.Stdout);
        context.Response.StatusCode = response.Status;
        context.Response.Headers[OutcomeHeader] = OutcomeName(result.Outcome);
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    private static string OutcomeName(InvocationOutcome outcome) =>
        outcome == InvocationOutcome.Succeeded ? "ok" : OutcomeReason.Of(outcome);

    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task TextAsync(HttpContext context, int status, string outcome, string text)
    {
        context.Response.StatusCode = status;
        context.Response.Headers[OutcomeHeader] = outcome;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }
}
