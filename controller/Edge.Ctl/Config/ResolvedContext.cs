using System.Security.Cryptography.X509Certificates;
using Grpc.Core;

namespace Edge.Ctl.Config;

/// <summary>What a context contributes to a call: the controller address, the CA to trust, the headers (token, tenant).</summary>
internal sealed record ResolvedContext(string? Controller, X509Certificate2? Ca, Metadata? Headers);
