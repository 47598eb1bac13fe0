using Edge.Controller.Events;
using Edge.Controller.Store;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Rollouts;

/// <summary>Registers workload revisions over the fleet store.</summary>
internal static class RevisionsHosting
{
    public static IServiceCollection AddRevisions(this IServiceCollection services)
    {
        services.AddOptions<RevisionOptions>().BindConfiguration(RevisionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new WorkloadRevisions(
            sp.GetRequiredService<IFleetStore>() as IRevisionStore,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<RevisionOptions>>(),
            sp.GetRequiredService<EventLog>()));
        return services;
    }
}
