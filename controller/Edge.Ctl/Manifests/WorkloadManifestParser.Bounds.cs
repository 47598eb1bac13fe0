using System.Text;
using Edge.Scheduling.Bounds;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Manifests;

/// <summary>
/// The documented bounds (<see cref="ManifestBounds"/>) of Workload and Tenant fields, reported at
/// the value's line and column with the field's path; the controller checks the same table.
/// </summary>
internal sealed partial class WorkloadManifestParser
{
    /// <summary>False (after reporting it) when a parsed number is outside its field's bound.</summary>
    private bool WithinBound<T>(YamlNode node, string path, T value)
    {
        long? number = value switch
        {
            long l => l,
            int i => i,
            TimeSpan t => (long)Math.Min(t.TotalMilliseconds, long.MaxValue),
            _ => null,
        };
        if (number is not { } n || ManifestBounds.Find(KindOf(path), path) is not { } bound || bound.Problem(n) is not { } problem)
        {
            return true;
        }

        Error(node, path, problem);
        return false;
    }

    /// <summary>Reports a list or map with more entries than its field allows.</summary>
    private void CheckEntries(YamlNode node, string path, int count)
    {
        if (ManifestBounds.Find(KindOf(path), path) is { Unit: BoundUnit.Entries } bound && bound.Problem(count) is { } problem)
        {
            Error(node, path, problem);
        }
    }

    /// <summary>Reports a text longer (in UTF-8 bytes) than <paramref name="boundField"/> allows, at <paramref name="path"/>.</summary>
    private void CheckText(YamlNode node, string path, string boundField, string text)
    {
        if (ManifestBounds.Find(KindOf(path), boundField) is { Unit: BoundUnit.TextBytes } bound
            && bound.Problem(Encoding.UTF8.GetByteCount(text)) is { } problem)
        {
            Error(node, path, problem);
        }
    }

    private static string KindOf(string path) =>
        path.StartsWith("spec.quota", StringComparison.Ordinal) ? ManifestBounds.Tenant : ManifestBounds.Workload;
}
