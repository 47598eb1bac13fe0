using System.Text.Json.Serialization;

namespace Edge.Ctl.Output;

/// <summary>A workload's phase on one node as edgectl shows it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkloadPhaseName>))]
internal enum WorkloadPhaseName
{
    Unknown,
    Pending,
    Running,
    Failed,
    Succeeded,
}
