using System.Text.Json.Serialization;

namespace Edge.Ctl.Output;

/// <summary>A node's condition as edgectl shows it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NodeStatus>))]
internal enum NodeStatus
{
    Unknown,
    Ready,
    Disconnected,
}
