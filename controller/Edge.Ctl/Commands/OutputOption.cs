using System.CommandLine;
using Edge.Ctl.Output;

namespace Edge.Ctl.Commands;

/// <summary>The -o/--output option of the read commands.</summary>
internal static class OutputOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format.",
            DefaultValueFactory = _ => "table",
        };
        option.AcceptOnlyFromAmong("table", "json", "yaml");
        return option;
    }

    public static OutputFormat Get(ParseResult parseResult, Option<string> option)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return parseResult.GetValue(option) switch
        {
            "json" => OutputFormat.Json,
            "yaml" => OutputFormat.Yaml,
            _ => OutputFormat.Table,
        };
    }
}
