namespace Edge.FleetSim;

/// <summary>Counters of one simulator process, printed as JSON by the <c>report</c> command.</summary>
internal sealed record SimReport(
    int Nodes,
    int Started,
    int Welcomed,
    int MqttConnected,
    long Sessions,
    long SessionFailures,
    long Published,
    long PublishFailures,
    long Starts,
    long DuplicateStarts,
    int ModulesFetched,
    string LastError);
