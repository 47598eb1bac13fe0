namespace Edge.Controller.Store;

/// <summary>Where workload autoscalers survive a restart: the fleet store's "autoscalers" collection.</summary>
public interface IAutoscalerStore
{
    IReadOnlyList<AutoscalerRecord> LoadAutoscalers();

    void SaveAutoscaler(AutoscalerRecord autoscaler);

    void DeleteAutoscaler(string name);
}
