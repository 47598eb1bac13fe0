using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Tests.Autoscaling;

/// <summary>A provider that records what it is asked, refuses when told to, and reports the events a test queues.</summary>
internal sealed class RecordingProvider : INodeGroupProvider
{
    public List<(string Group, int Delta)> Increases { get; } = [];

    public List<(string Group, string Node)> Deletes { get; } = [];

    public Queue<ProviderEvent> Events { get; } = new();

    /// <summary>When set, every request is refused with this reason.</summary>
    public string? Refusal { get; set; }

    public string? IncreaseSize(NodeGroup group, int delta, DateTimeOffset now)
    {
        if (Refusal is not null)
        {
            return Refusal;
        }

        Increases.Add((group.Name, delta));
        return null;
    }

    public string? DeleteNode(NodeGroup group, string node, DateTimeOffset now)
    {
        if (Refusal is not null)
        {
            return Refusal;
        }

        Deletes.Add((group.Name, node));
        return null;
    }

    public IReadOnlyList<ProviderEvent> Poll(DateTimeOffset now)
    {
        var due = Events.ToList();
        Events.Clear();
        return due;
    }
}
