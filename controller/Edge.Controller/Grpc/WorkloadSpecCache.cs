using System.Runtime.CompilerServices;
using Edge.Controller.Store;
using Edge.Protos.V1;

namespace Edge.Controller.Grpc;

/// <summary>
/// Each workload's <see cref="WorkloadSpec"/>, built once per stored record instead of once per
/// node: a change to a global workload goes to 10,000 nodes with the same spec. Records are
/// replaced, never changed, when a spec changes (the desired-state hash relies on it too), so
/// the record instance is the key. The cached message is shared by every snapshot that holds
/// it: nothing may change it after <see cref="Of"/> returns.
/// </summary>
internal static class WorkloadSpecCache
{
    private static readonly ConditionalWeakTable<WorkloadRecord, WorkloadSpec> Specs = [];

    public static WorkloadSpec Of(WorkloadRecord workload) => Specs.GetValue(workload, static w => w.ToSpec());
}
