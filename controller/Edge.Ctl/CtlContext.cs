namespace Edge.Ctl;

/// <summary>What edgectl takes from its surroundings, passed in so tests can replace each part.</summary>
/// <param name="Out">Where results go.</param>
/// <param name="Error">Where errors and notices go.</param>
/// <param name="Time">The clock for call deadlines and "3s ago".</param>
/// <param name="ControllerFromEnvironment">The value of EDGE_CONTROLLER, or null when unset.</param>
/// <param name="ConfigFile">The config file with contexts (credentials), or null to use none.</param>
internal sealed record CtlContext(TextWriter Out, TextWriter Error, TimeProvider Time, string? ControllerFromEnvironment, string? ConfigFile = null);
