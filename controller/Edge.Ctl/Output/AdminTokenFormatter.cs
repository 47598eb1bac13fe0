using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>Output of <c>token list</c>: id, role, tenant, created, expires, revoked; or <c>{"items": [...]}</c>.</summary>
internal static class AdminTokenFormatter
{
    public static void Write(IEnumerable<AdminTokenInfo> tokens, OutputFormat format, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(writer);
        var views = tokens.Select(ToView).ToList();
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(new ItemList<AdminTokenView>(views), format, writer);
            return;
        }

        var table = new TableWriter("ID", "ROLE", "TENANT", "STATE", "CREATED", "EXPIRES", "REVOKED", "DESCRIPTION");
        foreach (var t in views)
        {
            table.AddRow(t.Id, t.Role, Units.Cell(t.Tenant), t.State, Units.Cell(t.Created), Units.Cell(t.Expires), Units.Cell(t.Revoked), Units.Cell(t.Description));
        }

        table.WriteTo(writer);
    }

    public static AdminTokenView ToView(AdminTokenInfo t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new AdminTokenView(t.Id, t.Role, t.Tenant, t.Description, Units.Iso8601(t.CreatedAt), Units.Iso8601(t.ExpiresAt), Units.Iso8601(t.RevokedAt), t.Expired);
    }
}
