namespace Edge.Ctl.Commands;

/// <summary>"k=v,k2=v2" as flags write labels.</summary>
internal static class LabelList
{
    public static bool TryParse(string? text, out Dictionary<string, string> labels, out string error)
    {
        labels = new Dictionary<string, string>(StringComparer.Ordinal);
        error = "";
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0)
            {
                error = $"'{pair}' is not key=value";
                return false;
            }

            labels[parts[0]] = parts[1];
        }

        return true;
    }
}
