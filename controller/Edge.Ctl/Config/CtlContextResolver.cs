using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;

namespace Edge.Ctl.Config;

/// <summary>Picks the context (--context, else the file's current-context) and reads its CA and token.</summary>
internal static class CtlContextResolver
{
    public static bool TryResolve(CtlContext context, string? requested, [NotNullWhen(true)] out ResolvedContext? resolved, [NotNullWhen(false)] out string? error)
    {
        resolved = new ResolvedContext(null, null, null);
        error = null;
        if (context.ConfigFile is null)
        {
            if (requested is null)
            {
                return true;
            }

            error = $"--context {requested}: no config file";
            return false;
        }

        try
        {
            var config = CtlConfigFile.Load(context.ConfigFile);
            var name = requested ?? config.CurrentContext;
            if (string.IsNullOrEmpty(name))
            {
                return true;
            }

            var entry = config.Find(name);
            if (entry is null)
            {
                error = $"context '{name}' is not in {context.ConfigFile} (edgectl config get-contexts lists them)";
                resolved = null;
                return false;
            }

            var directory = Path.GetDirectoryName(Path.GetFullPath(context.ConfigFile))!;
            X509Certificate2? ca = null;
            if (entry.Ca.Length > 0)
            {
                var caPath = Path.IsPathRooted(entry.Ca) ? entry.Ca : Path.Combine(directory, entry.Ca);
                ca = File.Exists(caPath) ? X509Certificate2.CreateFromPem(File.ReadAllText(caPath)) : throw new InvalidDataException($"context '{name}': ca {caPath} does not exist");
            }

            var headers = new Metadata();
            var token = entry.ReadToken(directory);
            if (token.Length > 0)
            {
                headers.Add("authorization", $"Bearer {token}");
            }

            if (entry.Tenant.Length > 0)
            {
                headers.Add("x-edge-tenant", entry.Tenant);
            }

            resolved = new ResolvedContext(entry.Controller.Length > 0 ? entry.Controller : null, ca, headers.Count > 0 ? headers : null);
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Security.Cryptography.CryptographicException)
        {
            error = ex.Message;
            resolved = null;
            return false;
        }
    }
}
