using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>Output of <c>apply</c>: kubectl's "workload/NAME configured|unchanged", then the digest and targets.</summary>
internal static class ApplyResultFormatter
{
    public static void Write(string requestedName, ApplyWorkloadResponse response, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(writer);
        var name = response.Name.Length > 0 ? response.Name : requestedName;
        writer.WriteLine($"workload/{name} {(response.Changed ? "configured" : "unchanged")}");
        writer.WriteLine($"  module digest:  {Units.Cell(response.ModuleDigest)}");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  nodes targeted: {response.NodesTargeted}"));
        if (response.ReplicasDesired > 0 || response.ReplicasPlaced > 0)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  replicas:       {response.ReplicasPlaced}/{response.ReplicasDesired} placed"));
        }

        if (response.Unplaced.Length > 0)
        {
            writer.WriteLine($"  unplaced:       {response.Unplaced}");
        }
    }
}
