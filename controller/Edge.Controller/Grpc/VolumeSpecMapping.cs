using Edge.Agent.Core;
using Edge.Controller.Store;
using Proto = Edge.Protos.V1;

namespace Edge.Controller.Grpc;

/// <summary>A workload's volumes: proto ↔ store records ↔ the agent's domain (whose rules check them at apply).</summary>
internal static class VolumeSpecMapping
{
    public static List<WorkloadVolumeRecord> ToRecords(this IEnumerable<Proto.WorkloadVolume> volumes) =>
        [.. volumes.Select(v => new WorkloadVolumeRecord
        {
            Name = v.Name,
            Kind = v.Kind,
            MountPath = v.MountPath,
            SizeBytes = v.SizeBytes,
            ReadOnly = v.ReadOnly,
            EmptyOn = v.EmptyOn,
            ReclaimPolicy = v.ReclaimPolicy,
        })];

    public static IReadOnlyList<VolumeSpec> ToDomain(this IEnumerable<WorkloadVolumeRecord> volumes) =>
        [.. volumes.Select(v => VolumeText.FromWire(v.Name, v.Kind, v.MountPath, v.SizeBytes, v.ReadOnly, v.EmptyOn, v.ReclaimPolicy))];

    public static IEnumerable<Proto.WorkloadVolume> ToProto(this IEnumerable<WorkloadVolumeRecord> volumes) =>
        volumes.Select(v => new Proto.WorkloadVolume
        {
            Name = v.Name,
            Kind = v.Kind,
            MountPath = v.MountPath,
            SizeBytes = v.SizeBytes,
            ReadOnly = v.ReadOnly,
            EmptyOn = v.EmptyOn,
            ReclaimPolicy = v.ReclaimPolicy,
        });
}
