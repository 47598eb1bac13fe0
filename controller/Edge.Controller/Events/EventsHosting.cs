using Edge.Controller.Store;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Events;

/// <summary>Registers the event log over the fleet store, its options and its flusher.</summary>
internal static class EventsHosting
{
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddOptions<EventOptions>().BindConfiguration(EventOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new EventLog(
            sp.GetRequiredService<IFleetStore>() as IEventStore,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<EventOptions>>(),
            sp.GetRequiredService<ILogger<EventLog>>()));
        services.AddHostedService<EventFlusher>();
        services.AddHostedService<NodeConditionEvents>();
        return services;
    }
}
