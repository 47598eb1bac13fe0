using System.CommandLine;
using Edge.Ctl.Manifests;
using Edge.Ctl.Output;
using Edge.Protos.V1;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl token create</c> (node bootstrap tokens) and <c>edgectl token create-admin</c> (admin API tokens).</summary>
internal static class TokenCommand
{
    public static Command Create(AdminInvoker invoker) => new("token", "Make enrollment tokens for nodes and bearer tokens for admins; list and revoke admin tokens.")
    {
        CreateNodeToken(invoker),
        CreateAdminToken(invoker),
        ListAdminTokens(invoker),
        RevokeAdminToken(invoker),
    };

    private static Command ListAdminTokens(AdminInvoker invoker)
    {
        var output = OutputOption.Create();
        var command = new Command("list", "List admin tokens: id, role, tenant, created, expires, revoked (never the secret).") { output };
        command.SetAction((parseResult, ct) => invoker.RunAsync(parseResult, async session =>
        {
            var response = await session.Identity.ListAdminTokensAsync(new ListAdminTokensRequest(), session.NewCall()).ConfigureAwait(false);
            AdminTokenFormatter.Write(response.Tokens, OutputOption.Get(parseResult, output), invoker.Context.Out);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command RevokeAdminToken(AdminInvoker invoker)
    {
        var id = new Argument<string>("id") { Description = "The token's id (the part after edge_ and before the next _; edgectl token list shows it)." };
        var command = new Command("revoke", "Revoke an admin token: its next call is refused, also after a controller restart.") { id };
        command.SetAction((parseResult, ct) => invoker.RunAsync(parseResult, async session =>
        {
            var revoked = await session.Identity.RevokeAdminTokenAsync(new RevokeAdminTokenRequest { Id = parseResult.GetValue(id)! }, session.NewCall()).ConfigureAwait(false);
            await invoker.Context.Out.WriteLineAsync($"admin token {revoked.Id} ({revoked.Role}{(revoked.Tenant.Length > 0 ? " of " + revoked.Tenant : "")}) revoked at {Units.Iso8601(revoked.RevokedAt)}").ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command CreateNodeToken(AdminInvoker invoker)
    {
        var ttl = new Option<string>("--ttl") { Description = "How long the token works, e.g. 30m, 1h, 720h.", DefaultValueFactory = _ => "1h" };
        var uses = new Option<int>("--uses") { Description = "How many nodes may enroll with it; 0 = any number until it expires.", DefaultValueFactory = _ => 1 };
        var labels = new Option<string>("--labels") { Description = "Labels the enrolled nodes get, k=v,k2=v2." };
        var group = new Option<string>("--group") { Description = "Node group the enrolled nodes join (label edge.io/node-group)." };
        var command = new Command("create", "Print a bootstrap token for edge-agent enroll --token (it pins this controller's CA).") { ttl, uses, labels, group };
        command.SetAction((parseResult, ct) => invoker.RunAsync(parseResult, async session =>
        {
            if (!Quantity.TryParseDuration(parseResult.GetValue(ttl)!, out var life) || life <= TimeSpan.Zero)
            {
                await invoker.Context.Error.WriteLineAsync($"error: --ttl '{parseResult.GetValue(ttl)}' is not a duration such as 30m or 1h").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (!LabelList.TryParse(parseResult.GetValue(labels), out var parsed, out var labelError))
            {
                await invoker.Context.Error.WriteLineAsync($"error: --labels: {labelError}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var request = new CreateEnrollmentTokenRequest { TtlSeconds = (long)life.TotalSeconds, Uses = parseResult.GetValue(uses), Group = parseResult.GetValue(group) ?? "" };
            request.Labels.Add(parsed);
            var response = await session.Identity.CreateEnrollmentTokenAsync(request, session.NewCall()).ConfigureAwait(false);
            await invoker.Context.Out.WriteLineAsync(response.Token).ConfigureAwait(false);
            await invoker.Context.Error.WriteLineAsync($"token {response.Id} expires {response.ExpiresAt.ToDateTimeOffset():u}; on the device: edge-agent enroll --controller <https URL> --token <token>").ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command CreateAdminToken(AdminInvoker invoker)
    {
        var role = new Option<string>("--role") { Description = "fleet-admin, tenant-admin or viewer.", Required = true };
        role.AcceptOnlyFromAmong("fleet-admin", "tenant-admin", "viewer");
        var tenant = new Option<string>("--tenant") { Description = "The tenant of a tenant-admin token." };
        var ttl = new Option<string>("--ttl") { Description = "How long the token works (e.g. 720h); default: the controller's Controller:Security:AdminTokenTtl (90 days unless set)." };
        var description = new Option<string>("--description") { Description = "Who or what the token is for." };
        var command = new Command("create-admin", "Print a bearer token for the admin API with a role.") { role, tenant, ttl, description };
        command.SetAction((parseResult, ct) => invoker.RunAsync(parseResult, async session =>
        {
            var life = TimeSpan.Zero;
            if (parseResult.GetValue(ttl) is { } ttlText && (!Quantity.TryParseDuration(ttlText, out life) || life <= TimeSpan.Zero))
            {
                await invoker.Context.Error.WriteLineAsync($"error: --ttl '{ttlText}' is not a duration such as 24h").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var response = await session.Identity.CreateAdminTokenAsync(new CreateAdminTokenRequest
            {
                Role = parseResult.GetValue(role)!,
                Tenant = parseResult.GetValue(tenant) ?? "",
                TtlSeconds = (long)life.TotalSeconds,
                Description = parseResult.GetValue(description) ?? "",
            }, session.NewCall()).ConfigureAwait(false);
            await invoker.Context.Out.WriteLineAsync(response.Token).ConfigureAwait(false);
            await invoker.Context.Error.WriteLineAsync($"admin token {response.Id} expires {Units.Iso8601(response.ExpiresAt)}; edgectl token revoke {response.Id} ends it sooner").ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
