using System.Globalization;

namespace Edge.Agent.Runtime;

/// <summary>
/// Turns Wasmtime's multi-line error reports (anyhow chains with "Caused by:"
/// and backtraces, or WAT parser output with a source caret) into one line
/// that still names the cause.
/// </summary>
internal static class WasmErrorText
{
    public const int MaxLength = 400;

    public static string Summarize(string message)
    {
        var lines = message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            return "unknown error";
        }

        var causedBy = lines.IndexOf("Caused by:");
        string text;
        if (causedBy >= 0)
        {
            var causes = lines.Skip(causedBy + 1).Select(StripCauseNumber).ToList();
            var head = lines[0].TrimEnd(':');
            // A runtime error's head is only "error while executing at wasm backtrace": the root cause says it all.
            text = head.StartsWith("error while executing", StringComparison.Ordinal) || causes.Count == 0
                ? (causes.Count == 0 ? head : causes[^1])
                : head + ": " + string.Join(": ", causes);
        }
        else
        {
            // WAT parser: "expected `)`" then "--> <anon>:1:14" and a caret drawing.
            var location = lines.FirstOrDefault(l => l.StartsWith("-->", StringComparison.Ordinal));
            text = location is null ? lines[0] : $"{lines[0]} at {TextPosition(location)}";
        }

        return text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength - 3), "...");
    }

    private static string StripCauseNumber(string line)
    {
        // "0: WebAssembly translation error" -> "WebAssembly translation error"
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && int.TryParse(line.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? line[(colon + 2)..]
            : line;
    }

    private static string TextPosition(string location)
    {
        // "--> <anon>:1:14" -> "line 1, column 14"
        var parts = location.Split(':');
        return parts.Length >= 3 ? $"line {parts[^2]}, column {parts[^1]}" : location;
    }
}
