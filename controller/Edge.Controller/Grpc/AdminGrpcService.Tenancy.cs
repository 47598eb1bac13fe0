using Edge.Protos.V1;

namespace Edge.Controller.Grpc;

/// <summary>Tenant scoping of the admin answers that mix tenants: nodes, top and series.</summary>
internal sealed partial class AdminGrpcService
{
    /// <summary>A workload's series: its name is looked up as the key in the caller's tenant and answered as asked.</summary>
    private QuerySeriesResponse QuerySeriesInScope(QuerySeriesRequest request, TenantScope scope)
    {
        if (request.Workload.Length == 0)
        {
            return TelemetryAdmin.QuerySeries(series, request);
        }

        var keyed = request.Clone();
        keyed.Workload = scope.Key(request.Workload);
        var response = TelemetryAdmin.QuerySeries(series, keyed);
        foreach (var s in response.Series)
        {
            s.Workload = request.Workload;
        }

        return response;
    }
}
