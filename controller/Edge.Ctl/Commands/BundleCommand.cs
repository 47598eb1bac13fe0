using System.CommandLine;
using Edge.Ctl.Manifests;
using Edge.Protos.V1;

namespace Edge.Ctl.Commands;

/// <summary>
/// <c>edgectl bundle create --node NAME [--labels …] [-f workload.yaml …] -o NAME.edgebundle</c>:
/// applies the workloads (as edgectl apply does), then writes the signed bundle
/// for carrying to a device with no network.
/// </summary>
internal static class BundleCommand
{
    public static Command Create(AdminInvoker invoker)
    {
        var node = new Option<string>("--node") { Description = "The node's name.", Required = true };
        var labels = new Option<string>("--labels") { Description = "The node's labels, k=v,k2=v2 (the workloads' nodeSelectors are matched against them)." };
        var files = new Option<string[]>("--filename", "-f") { Description = "Workload manifests to apply and bundle (repeatable).", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--output", "-o") { Description = "The bundle file to write (NAME.edgebundle).", Required = true };
        var servers = new Option<string[]>("--server") { Description = "Controller https:// address the node will reach (repeatable; default: this context's).", AllowMultipleArgumentsPerToken = false };
        var ttl = new Option<string>("--ttl") { Description = "How long the bundle's voucher waits for first contact.", DefaultValueFactory = _ => "720h" };
        var create = new Command("create", "Write a signed offline-enrollment bundle for one node.") { node, labels, files, output, servers, ttl };
        create.SetAction(async (parseResult, ct) =>
        {
            if (!LabelList.TryParse(parseResult.GetValue(labels), out var parsedLabels, out var labelError))
            {
                await invoker.Context.Error.WriteLineAsync($"error: --labels: {labelError}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (!Quantity.TryParseDuration(parseResult.GetValue(ttl)!, out var life) || life <= TimeSpan.Zero)
            {
                await invoker.Context.Error.WriteLineAsync($"error: --ttl '{parseResult.GetValue(ttl)}' is not a duration such as 720h").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            // Every manifest is checked before the first call, so bad input changes nothing.
            var workloads = new List<LoadedWorkload>();
            foreach (var file in parseResult.GetValue(files) ?? [])
            {
                var loaded = await ManifestLoader.LoadAsync(file, ct).ConfigureAwait(false);
                if (!loaded.IsValid)
                {
                    foreach (var error in loaded.Errors)
                    {
                        await invoker.Context.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
                    }

                    return ExitCodes.Usage;
                }

                workloads.AddRange(loaded.Items);
            }

            return await invoker.RunAsync(parseResult, async session =>
            {
                foreach (var workload in workloads)
                {
                    await session.Client.ApplyWorkloadAsync(ApplyCommand.ToRequest(workload), session.NewCall()).ConfigureAwait(false);
                }

                var request = new CreateBundleRequest { NodeName = parseResult.GetValue(node)!, TtlSeconds = (long)life.TotalSeconds };
                request.Labels.Add(parsedLabels);
                var urls = parseResult.GetValue(servers) is { Length: > 0 } given ? given : [session.Address];
                request.ControllerUrls.Add(urls);
                var response = await session.Identity.CreateBundleAsync(request, session.NewCall()).ConfigureAwait(false);
                var target = parseResult.GetValue(output)!;
                // It carries a voucher that enrolls a node: owner-only, like a key.
                Edge.Shared.PrivateFile.Write(target, response.Bundle.ToByteArray());
                await invoker.Context.Error.WriteLineAsync(
                    $"bundle for node {request.NodeName} written to {target} ({response.Bundle.Length} bytes, {response.Workloads} workloads, voucher {response.VoucherId}, single use); on the device: edge-agent enroll --bundle {Path.GetFileName(target)} --ca-hash {CaHashOf(response.Bundle)}").ConfigureAwait(false);
                return ExitCodes.Success;
            }, ct).ConfigureAwait(false);
        });
        return new Command("bundle", "Offline enrollment bundles.") { create };
    }

    /// <summary>"sha256:&lt;hex&gt;" of the CA a bundle carries: the device checks the bundle against it (--ca-hash).</summary>
    private static string CaHashOf(Google.Protobuf.ByteString bundle)
    {
        var payload = BundlePayload.Parser.ParseFrom(SignedBundle.Parser.ParseFrom(bundle).Payload);
        using var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(payload.CaPem);
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ca.RawData));
    }
}
