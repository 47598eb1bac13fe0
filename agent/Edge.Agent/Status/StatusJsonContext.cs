using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Agent.Status;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(AgentStatusView))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
