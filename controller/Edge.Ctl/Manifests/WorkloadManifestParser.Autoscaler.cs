using Edge.Ctl.Simulation;
using Edge.Scheduling.Autoscaling;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Manifests;

/// <summary>
/// <c>kind: WorkloadAutoscaler</c>: metadata.name, spec.workload (the target), spec.tenant, and the
/// HorizontalPodAutoscaler v2 fields in the form <c>edgectl simulate</c> reads (docs/autoscaling.md).
/// </summary>
internal sealed partial class WorkloadManifestParser
{
    public const string AutoscalerKind = "WorkloadAutoscaler";

    private readonly List<AutoscalerManifest> autoscalers = [];

    private void ParseAutoscaler(Dictionary<string, YamlNode> fields, YamlNode root)
    {
        var errorsBefore = errors.Count;
        string? name = null;
        if (Required(fields, root, string.Empty, "metadata") is { } metadataNode
            && Fields(metadataNode, "metadata", MetadataFields) is { } metadata)
        {
            name = ParseName(metadata, metadataNode);
        }

        AutoscalerSpec? spec = null;
        var tenant = ""; // unset: edgectl's --tenant or context, else the caller's own (tenant-admin) or "default"
        if (Required(fields, root, string.Empty, "spec") is { } specNode
            && YamlFields.Open(file, errors, specNode, "spec", [.. AutoscalerParser.SpecFields, "workload", "tenant"]) is { } f)
        {
            var workload = f.String("workload", required: true);
            if (workload is not null && !DnsLabel().IsMatch(workload))
            {
                f.Error(f.Raw("workload")!, "spec.workload", $"\"{workload}\" is not a valid workload name (RFC 1123 label)");
            }

            if (f.String("tenant") is { } t)
            {
                tenant = t;
                if (!DnsLabel().IsMatch(t))
                {
                    f.Error(f.Raw("tenant")!, "spec.tenant", $"\"{t}\" is not a valid tenant name: use 1 to 63 lowercase letters, digits or '-' (RFC 1123 label)");
                }
            }

            spec = AutoscalerParser.ParseSpec(f, workload ?? "");
            if (spec is not null && f.Raw("metrics") is YamlSequenceNode items && items.Children.Count == spec.Metrics.Count)
            {
                for (var i = 0; i < items.Children.Count; i++)
                {
                    if (spec.Metrics[i] is { Source: not MetricSourceType.Resource } m && GuestMetric.Problem(m.Name, AutoscalerManifest.WorkloadMetrics, m.Source.ToString()) is { } problem)
                    {
                        errors.Add(new ManifestError(file, SourceLocation.From(items.Children[i].Start), $"spec.metrics[{i}].name", problem));
                    }
                }
            }
        }

        if (errors.Count != errorsBefore || name is null || spec is null)
        {
            return;
        }

        if (autoscalers.Any(a => a.Name == name))
        {
            Error(root, "metadata.name", $"autoscaler \"{name}\" is already defined in this file");
            return;
        }

        autoscalers.Add(new AutoscalerManifest(name, tenant, spec));
    }
}
