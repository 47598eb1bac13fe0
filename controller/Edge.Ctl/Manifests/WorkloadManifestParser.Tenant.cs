using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Manifests;

/// <summary><c>kind: Tenant</c>: metadata.name and spec.quota (cpu, memory, replicas, workloads, storage, requests.NAME of extended resources).</summary>
internal sealed partial class WorkloadManifestParser
{
    public const string TenantKind = "Tenant";

    private static readonly string[] TenantSpecFields = ["quota"];
    private static readonly string[] QuotaFields = ["cpu", "memory", "replicas", "workloads", "storage"];

    /// <summary>A quota on an extended resource is written as Kubernetes' ResourceQuota writes it: requests.edge.io/gpu.</summary>
    private const string ExtendedQuotaPrefix = "requests.";

    private readonly List<TenantManifest> tenants = [];

    private void ParseTenant(Dictionary<string, YamlNode> fields, YamlNode root)
    {
        var errorsBefore = errors.Count;
        string? name = null;
        if (Required(fields, root, string.Empty, "metadata") is { } metadataNode
            && Fields(metadataNode, "metadata", MetadataFields) is { } metadata)
        {
            name = ParseName(metadata, metadataNode);
        }

        var tenant = new TenantManifest(name ?? "");
        var extended = new Dictionary<string, long>(StringComparer.Ordinal);
        if (fields.TryGetValue("spec", out var specNode) && !IsNull(specNode)
            && Fields(specNode, "spec", TenantSpecFields) is { } spec
            && spec.TryGetValue("quota", out var quotaNode) && !IsNull(quotaNode)
            && Fields(Extended(quotaNode, "spec.quota", ExtendedQuotaPrefix, extended), "spec.quota", QuotaFields) is { } quota)
        {
            tenant = tenant with
            {
                Extended = extended.Count > 0 ? extended : TenantManifest.None,
                CpuMillis = Scalar<long>(quota, "cpu", "spec.quota", Quantity.TryParseCpu, text => $"\"{text}\" is not a CPU amount: write millicores (250m) or cores (0.5, 2)"),
                MemoryBytes = Bytes(quota, "memory", "spec.quota"),
                Replicas = (int?)Integer(quota, "replicas", "spec.quota"),
                Workloads = (int?)Integer(quota, "workloads", "spec.quota"),
                StorageBytes = Bytes(quota, "storage", "spec.quota"),
            };
        }

        if (errors.Count != errorsBefore || name is null)
        {
            return;
        }

        if (tenants.Any(t => t.Name == name))
        {
            Error(root, "metadata.name", $"tenant \"{name}\" is already defined in this file");
            return;
        }

        tenants.Add(tenant);
    }
}
