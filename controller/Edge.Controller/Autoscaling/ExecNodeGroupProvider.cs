using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Autoscaling;

/// <summary>
/// A node-group provider that runs an operator script per request (wake a device, create a VM,
/// power one off), with the JSON contract of docs/node-groups-exec.md: the request on standard
/// input, exit code 0 for accepted, anything else (or no exit within the timeout) for failed,
/// with the last line of standard error as the reason. Requests return at once; results come
/// from <see cref="Poll"/>. New nodes are not reported here: they enroll as any node does,
/// carrying the group's label. Not thread-safe: one owner (the node autoscaler loop).
/// </summary>
internal sealed partial class ExecNodeGroupProvider(ExecProviderOptions options, ILogger<ExecNodeGroupProvider> logger) : INodeGroupProvider, IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly List<ExecRequest> _running = [];

    public int Running => _running.Count;

    public string? IncreaseSize(NodeGroup group, int delta, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (delta <= 0)
        {
            return "delta must be positive";
        }

        var template = group.NewNode(group.Name + "-new");
        return Start("increase-size", group.Name, null, now, new
        {
            Action = "increase-size",
            Group = group.Name,
            Delta = delta,
            Template = new
            {
                template.Allocatable.CpuMillis,
                template.Allocatable.MemoryBytes,
                template.Labels,
                Taints = template.Taints.Select(t => t.ToString()).ToList(),
            },
        });
    }

    public string? DeleteNode(NodeGroup group, string node, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrEmpty(node);
        return Start("delete-node", group.Name, node, now, new { Action = "delete-node", Group = group.Name, Node = node });
    }

    public IReadOnlyList<ProviderEvent> Poll(DateTimeOffset now)
    {
        var events = new List<ProviderEvent>();
        foreach (var request in _running.ToList())
        {
            string? failure;
            // Done when the script exited and its pipes closed: a child it left running with our
            // pipes open must not block the loop; it runs into the timeout instead.
            if (request.Process.HasExited && request.Stdout.IsCompleted && request.Stderr.IsCompleted)
            {
                // Exited: the output pipes close with it, so these complete promptly.
                request.Process.WaitForExit();
                var stderr = request.Stderr.GetAwaiter().GetResult();
                var stdout = request.Stdout.GetAwaiter().GetResult();
                failure = request.Process.ExitCode == 0
                    ? null
                    : string.Create(CultureInfo.InvariantCulture, $"exit code {request.Process.ExitCode}: {LastLine(stderr) ?? "no message on stderr"}");
                if (failure is null)
                {
                    var message = LastLine(stdout) ?? "ok";
                    LogSucceeded(request.Group, request.Action, message);
                }
            }
            else if (now - request.StartedAt >= options.Timeout)
            {
                if (!request.Process.HasExited)
                {
                    request.Process.Kill(entireProcessTree: true);
                }

                failure = string.Create(CultureInfo.InvariantCulture, $"timed out after {options.Timeout.TotalSeconds:0.#} s and was killed");
            }
            else
            {
                continue;
            }

            _running.Remove(request);
            request.Process.Dispose();
            if (failure is not null)
            {
                LogFailed(request.Group, request.Action, failure);
            }

            if (request.Action == "increase-size")
            {
                if (failure is not null)
                {
                    events.Add(new ProviderEvent(now, ProviderEventKind.ScaleUpFailed, request.Group, null, $"{options.Command}: {failure}"));
                }
            }
            else if (failure is null)
            {
                events.Add(new ProviderEvent(now, ProviderEventKind.NodeDeleted, request.Group, null, request.Node!) { NodeName = request.Node });
            }
            else
            {
                events.Add(new ProviderEvent(now, ProviderEventKind.DeleteFailed, request.Group, null, $"{options.Command}: {failure}") { NodeName = request.Node });
            }
        }

        return events;
    }

    public void Dispose()
    {
        foreach (var request in _running)
        {
            if (!request.Process.HasExited)
            {
                request.Process.Kill(entireProcessTree: true);
            }

            request.Process.Dispose();
        }

        _running.Clear();
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();

    private string? Start(string action, string group, string? node, DateTimeOffset now, object request)
    {
        var info = new ProcessStartInfo(options.Command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in options.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(action);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("no process started");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or FileNotFoundException)
        {
            LogFailed(group, action, ex.Message);
            return $"cannot run {options.Command}: {ex.Message}";
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.Write(JsonSerializer.Serialize(request, Json));
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The script exited without reading its input; its exit code still decides.
        }

        LogStarted(group, action, options.Command);
        _running.Add(new ExecRequest(action, group, node, process, stdout, stderr, now));
        return null;
    }
}
