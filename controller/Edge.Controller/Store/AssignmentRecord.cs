namespace Edge.Controller.Store;

/// <summary>Replica <see cref="Ordinal"/> of a workload is assigned to <see cref="Node"/>.</summary>
public sealed class AssignmentRecord
{
    /// <summary>"workload/ordinal" (the document id).</summary>
    public string Id { get; set; } = "";

    public string Workload { get; set; } = "";

    public int Ordinal { get; set; }

    public string Node { get; set; } = "";

    public static string IdOf(string workload, int ordinal) => $"{workload}/{ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
