using System.Text;

namespace Edge.Ctl.Output;

/// <summary>Left-aligned columns separated by three spaces, like kubectl's tables.</summary>
internal sealed class TableWriter(params string[] headers)
{
    private const int Gap = 3;
    private readonly List<string[]> rows = [headers];

    public void AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        rows.Add(cells);
    }

    public void WriteTo(TextWriter writer, string indent = "")
    {
        ArgumentNullException.ThrowIfNull(writer);
        var widths = new int[headers.Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear().Append(indent);
            for (var i = 0; i < row.Length; i++)
            {
                line.Append(row[i].PadRight(i == row.Length - 1 ? 0 : widths[i] + Gap));
            }

            writer.WriteLine(line.ToString().TrimEnd());
        }
    }
}
