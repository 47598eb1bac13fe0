using Edge.Controller.Autoscaling;
using Edge.Controller.Store;
using Edge.Scheduling.Autoscaling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Tests.Autoscaling;

/// <summary>A fleet, its node groups and a node autoscaler loop over a fake clock, with a recording provider "wake".</summary>
internal sealed class NodeAutoscalerHarness : IDisposable
{
    public NodeAutoscalerHarness(Action<NodeAutoscalingOptions>? configure = null, INodeGroupProvider? provider = null)
    {
        Options = new NodeAutoscalingOptions
        {
            Providers = new(StringComparer.Ordinal)
            {
                ["wake"] = new NodeGroupProviderOptions { Type = NodeGroupProviderOptions.Exec, Command = "/usr/local/bin/wake" },
            },
        };
        configure?.Invoke(Options);
        Provider = provider ?? Recording;
        Catalog = new NodeGroupCatalog(GroupStore, Microsoft.Extensions.Options.Options.Create(Options), Fleet.Time, NullLogger<NodeGroupCatalog>.Instance);
        Loop = new NodeAutoscalerLoop(
            Fleet.Fleet,
            Catalog,
            Microsoft.Extensions.Options.Options.Create(Options),
            Fleet.Time,
            NullLoggerFactory.Instance,
            new Dictionary<string, INodeGroupProvider> { ["wake"] = Provider },
            new Random(1));
    }

    public FleetHarness Fleet { get; } = new();

    public InMemoryNodeGroupStore GroupStore { get; } = new();

    public NodeAutoscalingOptions Options { get; }

    public RecordingProvider Recording { get; } = new();

    public INodeGroupProvider Provider { get; }

    public NodeGroupCatalog Catalog { get; }

    public NodeAutoscalerLoop Loop { get; }

    /// <summary>A group "pi" of 4-core 4 GiB nodes, min 0, max 5, behind provider "wake".</summary>
    public static NodeGroupRecord Group(string name = "pi", int min = 0, int max = 5) => new()
    {
        Id = name,
        MinSize = min,
        MaxSize = max,
        CpuMillis = 4000,
        MemoryBytes = 4L << 30,
        Provider = "wake",
    };

    /// <summary>A node of a group says hello, as a woken device's agent does.</summary>
    public void Enroll(string node, string group = "pi") =>
        Fleet.Connect(node, Records.Facts((NodeGroup.Label, group)));

    /// <summary>Moves the clock on and runs one pass.</summary>
    public void PassAfter(TimeSpan wait)
    {
        Fleet.Time.Advance(wait);
        Loop.RunOnce();
    }

    public NodeGroupStatus Status(string group = "pi") => Loop.GetGroup(group);

    public void Dispose() => Loop.Dispose();
}
