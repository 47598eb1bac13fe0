namespace Edge.Agent.Core;

/// <summary>Checks of a workload's volumes; each error names the volume and its field.</summary>
public static class VolumeRules
{
    public const int MaxVolumes = 8;

    /// <summary>The largest size one volume may ask for: 16 GiB.</summary>
    public const long MaxSizeBytes = 16L * 1024 * 1024 * 1024;

    public const int MaxMountPathLength = 256;

    public static IEnumerable<string> Check(IReadOnlyList<VolumeSpec> volumes)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        if (volumes.Count > MaxVolumes)
        {
            yield return $"volumes has {volumes.Count} entries, at most {MaxVolumes} allowed";
            yield break;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var paths = new List<string>();
        for (var i = 0; i < volumes.Count; i++)
        {
            var v = volumes[i];
            var where = $"volumes[{i}]";
            if (!DesiredStateValidator.IsValidName(v.Name))
            {
                yield return $"{where}.name '{v.Name}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters)";
            }
            else if (!names.Add(v.Name))
            {
                yield return $"{where}.name '{v.Name}' appears more than once";
            }

            where = $"{where} ({v.Name})";
            if (!Enum.IsDefined(v.Kind))
            {
                yield return $"{where}.kind is not one of scratch, persistent";
            }

            if (MountPathProblem(v.MountPath) is { } problem)
            {
                yield return $"{where}.mountPath '{v.MountPath}' {problem}";
            }
            else if (paths.FirstOrDefault(p => Overlaps(p, v.MountPath)) is { } other)
            {
                yield return other == v.MountPath
                    ? $"{where}.mountPath '{v.MountPath}' is mounted by another volume"
                    : $"{where}.mountPath '{v.MountPath}' overlaps the mountPath '{other}' of another volume (one may not lie inside another)";
            }
            else
            {
                paths.Add(v.MountPath);
            }

            if (v.SizeBytes is <= 0 or > MaxSizeBytes)
            {
                yield return $"{where}.sizeBytes {v.SizeBytes} must be between 1 and {MaxSizeBytes} (16 GiB)";
            }

            if (!Enum.IsDefined(v.EmptyOn))
            {
                yield return $"{where}.emptyOn is not one of run, start";
            }

            if (!Enum.IsDefined(v.ReclaimPolicy))
            {
                yield return $"{where}.reclaimPolicy is not one of Delete, Retain";
            }

            if (v.Kind == VolumeKind.Scratch && v.ReadOnly)
            {
                yield return $"{where}.readOnly: a scratch volume starts empty, so a read-only one could never hold anything";
            }
        }
    }

    /// <summary>Null when <paramref name="path"/> is an absolute, normalised guest path other than the root; else what is wrong.</summary>
    public static string? MountPathProblem(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "is empty: it must be an absolute path such as /data";
        }

        if (path[0] != '/')
        {
            return "is relative: it must be an absolute path such as /data";
        }

        if (path.Length > MaxMountPathLength)
        {
            return $"is longer than {MaxMountPathLength} characters";
        }

        if (path == "/")
        {
            return "is the root: mount a directory below it, such as /data";
        }

        if (path.EndsWith('/'))
        {
            return "ends with '/'";
        }

        foreach (var segment in path[1..].Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return "must not contain empty, '.' or '..' segments";
            }

            if (segment.Any(c => char.IsControl(c) || c == '\\'))
            {
                return "must not contain control characters or '\\'";
            }
        }

        return null;
    }

    private static bool Overlaps(string a, string b) =>
        a == b || b.StartsWith(a + "/", StringComparison.Ordinal) || a.StartsWith(b + "/", StringComparison.Ordinal);
}
