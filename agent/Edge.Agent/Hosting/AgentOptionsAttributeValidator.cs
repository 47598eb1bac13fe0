using Microsoft.Extensions.Options;

namespace Edge.Agent.Hosting;

/// <summary>The ranges and required keys declared on <see cref="AgentOptions"/>, checked by generated code instead of reflection.</summary>
[OptionsValidator]
internal sealed partial class AgentOptionsAttributeValidator : IValidateOptions<AgentOptions>;
