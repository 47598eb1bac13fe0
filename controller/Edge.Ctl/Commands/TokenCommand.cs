using System.CommandLine;
using Edge.Ctl.Manifests;
using Edge.Protos.V1;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl token create</c> (node bootstrap tokens) and <c>edgectl token create-admin</c> (admin API tokens).</summary>
internal static class TokenCommand
{
    public static Command Create(AdminInvoker invoker) => new("token", "Make enrollment tokens for nodes and bearer tokens for admins.")
    {
        CreateNodeToken(invoker),
        CreateAdminToken(invoker),
    };

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
        var ttl = new Option<string>("--ttl") { Description = "How long the token works (e.g. 720h); default: until revoked." };
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
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
