using System.CommandLine;
using System.Security.Cryptography;
using Edge.Protos.V1;
using Google.Protobuf;

namespace Edge.Ctl.Commands;

/// <summary><c>edgectl csr sign node.csr -o node.crt</c>: air-gapped enrollment, the admin's half.</summary>
internal static class CsrCommand
{
    /// <summary>The line of the certificate file that carries the node's broker password (edge-agent enroll --cert reads it).</summary>
    public const string MqttPasswordLine = "# mqtt-password: ";

    public static Command Create(AdminInvoker invoker)
    {
        var file = new Argument<string>("file") { Description = "The CSR edge-agent enroll --csr-out wrote (PEM)." };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the certificate file for edge-agent enroll --cert.", Required = true };
        var sign = new Command("sign", "Sign a node's CSR with the fleet CA.") { file, output };
        sign.SetAction((parseResult, ct) => invoker.RunAsync(parseResult, async session =>
        {
            var path = parseResult.GetValue(file)!;
            byte[] der;
            try
            {
                var text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
                var fields = PemEncoding.Find(text);
                if (!text[fields.Label].Equals("CERTIFICATE REQUEST", StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"it holds a {text[fields.Label]}, not a CERTIFICATE REQUEST");
                }

                der = Convert.FromBase64String(text[fields.Base64Data]);
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or InvalidDataException or FormatException or UnauthorizedAccessException)
            {
                await invoker.Context.Error.WriteLineAsync($"error: {path}: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var issued = await session.Identity.SignCsrAsync(new SignCsrRequest { CsrDer = ByteString.CopyFrom(der) }, session.NewCall()).ConfigureAwait(false);
            var target = parseResult.GetValue(output)!;
            // It carries the node's broker password: owner-only, like a key.
            Edge.Shared.PrivateFile.Write(target, $"{issued.CertificatePem.TrimEnd()}\n{issued.CaPem.TrimEnd()}\n{MqttPasswordLine}{issued.MqttPassword}\n");
            await invoker.Context.Error.WriteLineAsync($"node {issued.NodeName}: certificate valid until {issued.NotAfter.ToDateTimeOffset():u} written to {target} (it holds the node's broker password: carry it like a key)").ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));
        return new Command("csr", "Air-gapped enrollment: sign node CSRs.") { sign };
    }
}
