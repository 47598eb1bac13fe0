namespace Edge.Ctl.Output;

/// <summary>The stable JSON/YAML shape of a node group and its state.</summary>
internal sealed record NodeGroupView(
    string Name,
    int Min,
    int Max,
    int Current,
    int Ready,
    int Upcoming,
    int Removing,
    string Provider,
    string ProviderType,
    int Priority,
    double Cost,
    NodeGroupTemplateView Template,
    NodeGroupBackoffView? Backoff);
