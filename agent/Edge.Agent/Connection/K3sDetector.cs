namespace Edge.Agent.Connection;

/// <summary>
/// Finds K3s beside the agent the way K3s itself is configured: the config file
/// (https://docs.k3s.io/installation/configuration#configuration-file) or its data directory.
/// Only the two keys the agent reports are read: <c>node-name</c> and <c>node-label</c>.
/// </summary>
internal static class K3sDetector
{
    /// <summary>Null when neither the config file nor the data directory exists.</summary>
    public static K3sNode? Detect(string configFile, string dataDir, string hostName)
    {
        if (!File.Exists(configFile) && !Directory.Exists(dataDir))
        {
            return null;
        }

        string[] lines;
        try
        {
            lines = File.Exists(configFile) ? File.ReadAllLines(configFile) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            lines = []; // K3s is there; its config is not ours to read
        }

        var name = Scalar(lines, "node-name") is { Length: > 0 } configured ? configured : hostName.ToLowerInvariant();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in List(lines, "node-label"))
        {
            var parts = label.Split('=', 2);
            if (parts.Length == 2 && parts[0].Length > 0)
            {
                labels[parts[0]] = parts[1];
            }
        }

        return new K3sNode(name, labels);
    }

    private static string? Scalar(string[] lines, string key) =>
        lines.Select(l => l.Trim()).Where(l => l.StartsWith(key + ":", StringComparison.Ordinal))
            .Select(l => Unquote(StripComment(l[(key.Length + 1)..])))
            .FirstOrDefault();

    /// <summary>A YAML list as K3s writes it: block ("- a=b" lines) or flow ("[a=b, c=d]"), or one scalar.</summary>
    private static List<string> List(string[] lines, string key)
    {
        var items = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                continue;
            }

            var rest = StripComment(line[(key.Length + 1)..]);
            if (rest.StartsWith('[') && rest.EndsWith(']'))
            {
                items.AddRange(rest[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Unquote));
            }
            else if (rest.Length > 0)
            {
                items.Add(Unquote(rest));
            }
            else
            {
                for (var j = i + 1; j < lines.Length && lines[j].TrimStart().StartsWith('-'); j++)
                {
                    items.Add(Unquote(StripComment(lines[j].TrimStart()[1..])));
                }
            }
        }

        return items;
    }

    private static string StripComment(string value)
    {
        var hash = value.IndexOf(" #", StringComparison.Ordinal);
        return (hash >= 0 ? value[..hash] : value).Trim();
    }

    private static string Unquote(string value) => value.Trim().Trim('"', '\'');
}
