using Edge.Controller.Store;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Autoscaling;

/// <summary>Registers node groups, the node autoscaler loop and its options (checked at start).</summary>
internal static class NodeAutoscalingHosting
{
    public static IServiceCollection AddNodeAutoscaling(this IServiceCollection services)
    {
        services.AddOptions<NodeAutoscalingOptions>().BindConfiguration(NodeAutoscalingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NodeAutoscalingOptions>, NodeAutoscalingOptionsValidator>();
        services.AddSingleton(sp => (INodeGroupStore)sp.GetRequiredService<IFleetStore>());
        services.AddSingleton<NodeGroupCatalog>();
        services.AddSingleton<NodeAutoscalerLoop>();
        services.AddHostedService<NodeAutoscalerService>();
        return services;
    }
}
