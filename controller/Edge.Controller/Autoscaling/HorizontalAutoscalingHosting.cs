using Edge.Controller.Store;

namespace Edge.Controller.Autoscaling;

/// <summary>Registers the workload autoscalers, their store and their loop.</summary>
internal static class HorizontalAutoscalingHosting
{
    public static IServiceCollection AddHorizontalAutoscaling(this IServiceCollection services)
    {
        services.AddOptions<HorizontalAutoscalingOptions>().BindConfiguration(HorizontalAutoscalingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => (IAutoscalerStore)sp.GetRequiredService<IFleetStore>());
        services.AddSingleton<HorizontalAutoscalers>();
        services.AddHostedService<HorizontalAutoscalerLoop>();
        return services;
    }
}
