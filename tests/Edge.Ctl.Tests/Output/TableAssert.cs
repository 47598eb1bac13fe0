using System.Text.RegularExpressions;

namespace Edge.Ctl.Tests.Output;

/// <summary>Reads kubectl-style tables back: cells are separated by at least two spaces.</summary>
internal static partial class TableAssert
{
    public static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public static string[] Cells(string line) => CellGap().Split(line.Trim());

    [GeneratedRegex(" {2,}")]
    private static partial Regex CellGap();
}
