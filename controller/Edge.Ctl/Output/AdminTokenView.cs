namespace Edge.Ctl.Output;

/// <summary>The stable JSON/YAML shape of an admin token in <c>token list</c>: never its secret.</summary>
internal sealed record AdminTokenView(string Id, string Role, string Tenant, string Description, string? Created, string? Expires, string? Revoked, bool Expired)
{
    /// <summary>"active", "expired" or "revoked".</summary>
    public string State => Revoked is not null ? "revoked" : Expired ? "expired" : "active";
}
