using System.Text;
using System.Text.RegularExpressions;
using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>
/// The "edge" import module: <c>log(level, ptr, len)</c> and <c>metric(name_ptr, name_len, value)</c>.
/// Both read UTF-8 from the caller's exported "memory"; a bad pointer or name traps the guest with the reason.
/// </summary>
internal static partial class HostFunctions
{
    public const string Module = "edge";
    public const int MaxMetricNames = 32;

    public static void Define(Linker linker)
    {
        linker.DefineFunction(Module, "log", (Caller caller, int level, int ptr, int len) =>
        {
            var run = RunOf(caller);
            run.AddLog(Math.Clamp(level, 0, 4), ReadText(caller, "edge.log", ptr, len));
        });
        linker.DefineFunction(Module, "metric", (Caller caller, int ptr, int len, double value) =>
        {
            var run = RunOf(caller);
            var name = ReadText(caller, "edge.metric", ptr, len);
            if (!MetricName().IsMatch(name))
            {
                throw new InvalidOperationException($"edge.metric: name '{name}' must match [a-zA-Z_][a-zA-Z0-9_]{{0,63}}");
            }

            if (!run.Metrics.ContainsKey(name) && run.Metrics.Count >= MaxMetricNames)
            {
                throw new InvalidOperationException($"edge.metric: more than {MaxMetricNames} metric names in one run");
            }

            if (!double.IsFinite(value))
            {
                throw new InvalidOperationException($"edge.metric: value of '{name}' is not a finite number");
            }

            run.Metrics[name] = run.Metrics.GetValueOrDefault(name) + value;
        });
    }

    private static GuestRun RunOf(Caller caller) =>
        (caller.GetData() as WarmInstance)?.Run ?? throw new InvalidOperationException("edge host function called outside a run");

    private static string ReadText(Caller caller, string function, int ptr, int len)
    {
        var memory = caller.GetMemory("memory") ?? throw new InvalidOperationException($"{function}: the module exports no \"memory\"");
        if (ptr < 0 || len < 0 || (long)ptr + len > memory.GetLength())
        {
            throw new InvalidOperationException($"{function}: bytes {ptr}..{(long)ptr + len} are outside linear memory");
        }

        return Encoding.UTF8.GetString(memory.GetSpan(ptr, len));
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex MetricName();
}
