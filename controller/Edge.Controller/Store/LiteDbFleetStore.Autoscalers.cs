using LiteDB;

namespace Edge.Controller.Store;

/// <summary>The workload autoscalers, in their own collection of the fleet store's file.</summary>
internal sealed partial class LiteDbFleetStore : IAutoscalerStore
{
    private ILiteCollection<AutoscalerRecord> Autoscalers => _db.GetCollection<AutoscalerRecord>("autoscalers");

    public IReadOnlyList<AutoscalerRecord> LoadAutoscalers() => [.. Autoscalers.FindAll()];

    public void SaveAutoscaler(AutoscalerRecord autoscaler) => Autoscalers.Upsert(autoscaler);

    public void DeleteAutoscaler(string name) => Autoscalers.Delete(name);
}
