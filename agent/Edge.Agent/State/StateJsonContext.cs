using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Agent.Core;

namespace Edge.Agent.State;

/// <summary>Compile-time JSON for the stored desired state, so the Native AOT build reads what the JIT build wrote.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DesiredState))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
