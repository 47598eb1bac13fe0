namespace Edge.Controller.Identity;

/// <summary>Who made an admin call: the token's id, role and (for tenant-admin) tenant.</summary>
internal sealed record AdminPrincipal(string TokenId, AdminRole Role, string Tenant);
