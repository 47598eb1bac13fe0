using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary><c>rollout history</c>: REVISION, AGE, MODULE, CHANGE-CAUSE (kubectl's, with the module and age), or the revisions as JSON/YAML.</summary>
internal static class RevisionFormatter
{
    public static RevisionView ToView(Revision r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new RevisionView(r.Number, Units.Iso8601(r.CreatedAt), r.ModuleDigest, r.ChangeCause, r.Current, [.. r.Args], r.Env.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
    }

    public static void Write(ListRevisionsResponse response, OutputFormat format, TextWriter writer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(writer);
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(new ItemList<RevisionView>([.. response.Revisions.Select(ToView)]), format, writer);
            return;
        }

        writer.WriteLine($"workload/{response.Name}{(response.Tenant is "" or "default" ? "" : $" (tenant {response.Tenant})")}");
        var table = new TableWriter("REVISION", "AGE", "MODULE", "CHANGE-CAUSE");
        foreach (var r in response.Revisions)
        {
            table.AddRow(
                r.Number.ToString(CultureInfo.InvariantCulture) + (r.Current ? " (current)" : ""),
                r.CreatedAt is null ? "<unknown>" : Units.HumanDuration(now - r.CreatedAt.ToDateTimeOffset()),
                Units.ShortDigest(r.ModuleDigest),
                r.ChangeCause);
        }

        table.WriteTo(writer);
    }
}
