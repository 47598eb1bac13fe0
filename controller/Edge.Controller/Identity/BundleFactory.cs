using System.Security.Cryptography;
using Edge.Controller.Fleet;
using Edge.Controller.Grpc;
using Edge.Controller.Store;
using Edge.Protos.V1;
using Edge.Scheduling;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Controller.Identity;

/// <summary>
/// Offline enrollment bundles: a single-use voucher bound to the node name, the
/// CA, and the desired state the controller gives that node now (with its
/// modules), signed with the CA key. The node runs it with no network and,
/// at first contact, the controller's own desired state for it is the same,
/// so nothing restarts.
/// </summary>
internal sealed class BundleFactory(NodeIdentityService identity, IFleetStore store, TimeProvider time)
{
    public const long MaxModuleBytesTotal = 256L * 1024 * 1024;

    public (byte[] Bundle, int Workloads, string VoucherId) Create(string nodeName, IReadOnlyDictionary<string, string> labels, TimeSpan ttl, IReadOnlyList<string> controllerUrls)
    {
        if (!Names.IsDnsLabel(nodeName))
        {
            throw new IdentityException(IdentityFailure.InvalidArgument, $"node name '{nodeName}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters)");
        }

        foreach (var url in controllerUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                throw new IdentityException(IdentityFailure.InvalidArgument, $"controller address '{url}' is not an https:// URL");
            }
        }

        if (identity.HasActiveCertificate(nodeName))
        {
            throw new IdentityException(IdentityFailure.AlreadyExists, $"node {nodeName} is already enrolled; revoke it first (edgectl nodes revoke {nodeName})");
        }

        var node = new PlacementNode { Name = nodeName, Labels = labels };
        var workloads = store.LoadWorkloads();
        var decision = SelectorPlacement.Place([node], [.. workloads.Select(w => new PlacementWorkload { Name = w.Id, NodeSelector = w.NodeSelector })]);
        var placed = decision.WorkloadsByNode[nodeName].Select(n => workloads.Single(w => w.Id == n)).ToList();
        var payload = new BundlePayload
        {
            NodeName = nodeName,
            CaPem = identity.Ca.Pem,
            Desired = new DesiredSnapshot(1, placed).ToProto(),
            CreatedAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
        };
        payload.ControllerUrls.Add(controllerUrls);
        foreach (var (key, value) in labels)
        {
            payload.Labels[key] = value;
        }

        long total = 0;
        foreach (var digest in placed.Select(w => w.ModuleDigest).Distinct(StringComparer.Ordinal))
        {
            using var content = store.OpenModule(digest)
                ?? throw new IdentityException(IdentityFailure.FailedPrecondition, $"module {digest} is not in the fleet store");
            using var buffer = new MemoryStream();
            content.CopyTo(buffer);
            total += buffer.Length;
            if (total > MaxModuleBytesTotal)
            {
                throw new IdentityException(IdentityFailure.FailedPrecondition, $"the modules of the node's workloads exceed {MaxModuleBytesTotal / (1024 * 1024)} MiB, too much for one bundle");
            }

            payload.Modules.Add(new BundledModule { Digest = digest, Wasm = ByteString.CopyFrom(buffer.ToArray()) });
        }

        payload.Voucher = identity.CreateToken(ttl, 1, labels, "", out var voucher, node: nodeName);
        var bytes = payload.ToByteArray();
        var signed = new SignedBundle { Payload = ByteString.CopyFrom(bytes), Signature = ByteString.CopyFrom(identity.Ca.Sign(bytes)) };
        return (signed.ToByteArray(), placed.Count, voucher.Id);
    }
}
