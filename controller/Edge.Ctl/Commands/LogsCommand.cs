using System.CommandLine;
using System.Globalization;
using Edge.Ctl.Manifests;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Ctl.Commands;

/// <summary>
/// <c>edgectl logs WORKLOAD [--node N] [--since 10m] [--tail 100] [-f] [--previous] [-t TENANT]</c>:
/// a workload's recent stdout, stderr and edge.log lines from its nodes, merged in time order,
/// each line as <c>TIME NODE INVOCATION STREAM TEXT</c>. A node that cannot answer is named on
/// stderr with why (offline since when); the others' lines still print.
/// </summary>
internal static class LogsCommand
{
    /// <summary>How often <c>-f</c> asks again for lines after the last ones seen.</summary>
    public static readonly TimeSpan FollowPeriod = TimeSpan.FromSeconds(1);

    public static Command Create(AdminInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var name = new Argument<string>("workload") { Description = "The workload's name." };
        var node = new Option<string?>("--node") { Description = "Only this node's lines (default: every node that runs or ran it).", HelpName = "NODE" };
        var since = new Option<string?>("--since") { Description = "Only lines newer than this (e.g. 30s, 10m, 2h).", HelpName = "DURATION" };
        since.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && (!Quantity.TryParseDuration(text, out var d) || d <= TimeSpan.Zero))
            {
                r.AddError($"--since \"{text}\" is not a positive duration: write e.g. 30s, 10m or 2h");
            }
        });
        var tail = new Option<int>("--tail") { Description = "The last N lines of each node (default: every line kept).", DefaultValueFactory = _ => -1, HelpName = "N" };
        tail.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < -1 or > 100_000)
            {
                r.AddError("--tail must be between 0 and 100000 (or -1 for every line)");
            }
        });
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines as runs write them (Ctrl-C ends)." };
        var previous = new Option<bool>("--previous", "-p") { Description = "Only the lines of the run before the last on each node." };
        var tenant = TenantOption.Create();
        var command = new Command("logs", "Print a workload's recent output: stdout, stderr and edge.log lines of its runs, from every node.")
        {
            name, node, since, tail, follow, previous, tenant,
        };
        command.SetAction((parseResult, cancellationToken) => invoker.RunAsync(parseResult, async session =>
        {
            var request = new GetLogsRequest
            {
                Workload = parseResult.GetRequiredValue(name),
                Tenant = TenantOption.Get(parseResult, tenant),
                Node = parseResult.GetValue(node) ?? "",
                Tail = Math.Max(0, parseResult.GetValue(tail)),
                Previous = parseResult.GetValue(previous),
            };
            if (parseResult.GetValue(since) is { } text && Quantity.TryParseDuration(text, out var window))
            {
                request.Since = Duration.FromTimeSpan(window);
            }

            var output = invoker.Context.Out;
            var errors = invoker.Context.Error;
            var response = await session.Client.GetLogsAsync(request, session.NewCall()).ConfigureAwait(false);
            await WriteAsync(response, output).ConfigureAwait(false);
            var reported = await ReportAsync(response.Errors, [], errors).ConfigureAwait(false);
            if (!parseResult.GetValue(follow))
            {
                return response.Lines.Count == 0 && response.Errors.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
            }

            // Follow: ask again for what came after the last line seen on each node; only new lines print.
            request.Tail = 0;
            request.Since = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                request.After.Clear();
                request.After.Add(response.Last);
                try
                {
                    await Task.Delay(FollowPeriod, invoker.Context.Time, cancellationToken).ConfigureAwait(false);
                    var next = await session.Client.GetLogsAsync(request, session.NewCall()).ConfigureAwait(false);
                    foreach (var (n, sequence) in response.Last)
                    {
                        // A node that did not answer this time keeps the place it had.
                        next.Last[n] = Math.Max(sequence, next.Last.GetValueOrDefault(n));
                    }

                    response = next;
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                await WriteAsync(response, output).ConfigureAwait(false);
                reported = await ReportAsync(response.Errors, reported, errors).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>One line: time (UTC, ms), node, invocation, stream, text.</summary>
    public static string Format(NodeLogLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var time = line.Line.Time?.ToDateTimeOffset().UtcDateTime ?? DateTime.UnixEpoch;
        return string.Create(CultureInfo.InvariantCulture, $"{time:yyyy-MM-ddTHH:mm:ss.fffZ} {line.Node} {line.Line.Invocation} {line.Line.Stream} {line.Line.Text}");
    }

    private static async Task WriteAsync(GetLogsResponse response, TextWriter output)
    {
        foreach (var line in response.Lines)
        {
            await output.WriteLineAsync(Format(line)).ConfigureAwait(false);
        }

        await output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Prints each node's problem once while it lasts (a follower polls every second); returns what is reported now.</summary>
    private static async Task<HashSet<string>> ReportAsync(IEnumerable<string> now, HashSet<string> before, TextWriter errors)
    {
        var current = now.ToHashSet(StringComparer.Ordinal);
        foreach (var error in current.Where(e => !before.Contains(e)))
        {
            await errors.WriteLineAsync($"warning: {error}").ConfigureAwait(false);
        }

        await errors.FlushAsync().ConfigureAwait(false);
        return current;
    }
}
