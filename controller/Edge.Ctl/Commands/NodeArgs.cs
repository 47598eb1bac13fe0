using Edge.Protos.V1;

namespace Edge.Ctl.Commands;

/// <summary>kubectl's label and taint arguments: <c>k=v</c> / <c>k-</c> and <c>key=value:Effect</c> / <c>key[:Effect]-</c>.</summary>
internal static class NodeArgs
{
    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <summary>Null when all are valid, else the problem naming the argument.</summary>
    public static string? ParseLabels(IEnumerable<string> args, LabelNodeRequest request)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(request);
        foreach (var arg in args)
        {
            if (arg.EndsWith('-') && !arg.Contains('=', StringComparison.Ordinal) && arg.Length > 1)
            {
                request.Remove.Add(arg[..^1]);
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || arg.Any(char.IsWhiteSpace))
            {
                return $"label \"{arg}\": write key=value to set or key- to remove";
            }

            request.Set[arg[..eq]] = arg[(eq + 1)..];
        }

        return request.Set.Count + request.Remove.Count == 0 ? "give at least one label: key=value or key-" : null;
    }

    public static string? ParseTaints(IEnumerable<string> args, TaintNodeRequest request)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(request);
        foreach (var arg in args)
        {
            if (arg.EndsWith('-') && arg.Length > 1)
            {
                var removed = arg[..^1];
                var colon = removed.IndexOf(':', StringComparison.Ordinal);
                if (removed.Contains('=', StringComparison.Ordinal) || (colon >= 0 && !Effects.Contains(removed[(colon + 1)..], StringComparer.Ordinal)))
                {
                    return $"taint \"{arg}\": write key- or key:Effect- to remove";
                }

                request.Remove.Add(removed);
                continue;
            }

            var sep = arg.LastIndexOf(':');
            if (sep <= 0 || !Effects.Contains(arg[(sep + 1)..], StringComparer.Ordinal))
            {
                return $"taint \"{arg}\": write key=value:Effect or key:Effect, Effect one of {string.Join(", ", Effects)}";
            }

            var keyValue = arg[..sep];
            var eq = keyValue.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? keyValue : keyValue[..eq];
            if (key.Length == 0 || key.Any(char.IsWhiteSpace))
            {
                return $"taint \"{arg}\": the key must be non-empty and without spaces";
            }

            request.Add.Add(new NodeTaint { Key = key, Value = eq < 0 ? "" : keyValue[(eq + 1)..], Effect = arg[(sep + 1)..] });
        }

        return request.Add.Count + request.Remove.Count == 0 ? "give at least one taint: key=value:Effect or key-" : null;
    }
}
