using System.CommandLine;
using Edge.Protos.V1;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl nodes revoke NAME</c>: the node's certificates stop working at once.</summary>
internal static class NodeRevokeCommand
{
    public static Command Create(AdminInvoker invoker)
    {
        var name = new Argument<string>("name") { Description = "The node's name." };
        var revoke = new Command("revoke", "Revoke a node's certificates: its stream ends now and it cannot reconnect without enrolling again.") { name };
        revoke.SetAction((parseResult, ct) => invoker.RunAsync(parseResult, async session =>
        {
            var node = parseResult.GetValue(name)!;
            var response = await session.Identity.RevokeNodeAsync(new RevokeNodeRequest { Name = node }, session.NewCall()).ConfigureAwait(false);
            await invoker.Context.Out.WriteLineAsync($"node {node}: {response.CertificatesRevoked} certificate(s) revoked").ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));
        return revoke;
    }
}
