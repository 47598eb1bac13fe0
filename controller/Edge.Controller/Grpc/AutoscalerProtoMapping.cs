using Edge.Controller.Autoscaling;
using Edge.Controller.Store;
using Edge.Scheduling.Autoscaling;
using Edge.Shared;
using Google.Protobuf.WellKnownTypes;
using Proto = Edge.Protos.V1;

namespace Edge.Controller.Grpc;

/// <summary>Autoscaler statuses and decisions → their admin API messages.</summary>
internal static class AutoscalerProtoMapping
{
    public static Proto.Autoscaler ToProto(this AutoscalerStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var proto = new Proto.Autoscaler
        {
            Name = Scheduling.WorkloadKeys.NameOf(status.Record.Id),
            Tenant = status.Record.Tenant,
            Spec = (status.Record.ToSpec() with { Workload = Scheduling.WorkloadKeys.NameOf(status.Record.Workload) }).ToProto(),
            Created = Timestamp.FromDateTimeOffset(status.Record.CreatedAt),
            Changed = status.Changed,
        };
        if (status.LastScale is { } scaled)
        {
            proto.LastScaleTime = Timestamp.FromDateTimeOffset(scaled);
        }

        if (status.Last is { } last)
        {
            proto.LastSyncTime = Timestamp.FromDateTimeOffset(last.At);
            proto.CurrentReplicas = last.Decision.CurrentReplicas;
            proto.DesiredReplicas = last.Decision.DesiredReplicas;
            proto.Metrics.Add(last.Decision.Metrics.Select(ToProto));
            proto.Conditions.Add(last.Decision.Conditions.Select(ToProto));
        }

        return proto;
    }

    public static Proto.ScalingDecision ToProto(this RecordedDecision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var proto = new Proto.ScalingDecision
        {
            At = Timestamp.FromDateTimeOffset(d.At),
            FromReplicas = d.Decision.CurrentReplicas,
            ToReplicas = d.Applied ? d.Decision.DesiredReplicas : d.Decision.CurrentReplicas,
            MetricReplicas = d.Decision.MetricReplicas,
            Reason = d.Reason,
            Applied = d.Applied,
        };
        proto.Metrics.Add(d.Decision.Metrics.Select(ToProto));
        proto.Conditions.Add(d.Decision.Conditions.Select(ToProto));
        proto.Events.Add(d.Events);
        return proto;
    }

    private static Proto.AutoscalerMetricStatus ToProto(MetricProposal p)
    {
        var proto = new Proto.AutoscalerMetricStatus { Metric = p.Metric.ToProto(), Detail = p.Detail };
        if (p.Ratio is { } ratio && double.IsFinite(ratio))
        {
            proto.Current = ratio * p.Metric.Target;
        }

        if (p.Replicas is { } replicas)
        {
            proto.Replicas = replicas;
        }

        return proto;
    }

    private static Proto.AutoscalerConditionStatus ToProto(AutoscalerCondition c) =>
        new() { Type = c.Type.ToString(), Status = c.Status, Reason = c.Reason, Message = c.Message };
}
