using Edge.Ctl.Output;

namespace Edge.Ctl.Commands;

/// <summary>What a command that changes something prints: one kubectl-style line, or the result as JSON/YAML.</summary>
internal static class ChangeOutput
{
    public static async Task<int> WriteAsync<T>(CtlContext context, OutputFormat format, string line, T result)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (format == OutputFormat.Table)
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }
        else
        {
            StructuredWriter.Write(result, format, context.Out);
        }

        return ExitCodes.Success;
    }
}
