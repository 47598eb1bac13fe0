using Edge.Controller.Fleet;
using Edge.Controller.Hosting;
using Edge.Controller.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Controller.Tests;

/// <summary>A FleetState over an in-memory store and a fake clock.</summary>
internal sealed class FleetHarness
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(40);

    public FleetHarness()
    {
        Fleet = NewFleet();
    }

    public InMemoryFleetStore Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public FleetState Fleet { get; private set; }

    /// <summary>A controller restart: a new FleetState over the same store.</summary>
    public FleetState Restart() => Fleet = NewFleet();

    public NodeSession Connect(string name, NodeFactsRecord facts, long appliedVersion = 0, params ObservedWorkload[] workloads) =>
        Fleet.Connect(name, facts, appliedVersion, workloads, "ipv4:10.0.0.7:51000").Session;

    public NodeView Node(string name) => Fleet.GetNode(name) ?? throw new InvalidOperationException($"node {name} not in the fleet");

    /// <summary>A FleetState over any store, with the harness's grace and heartbeat.</summary>
    public static FleetState NewFleet(IFleetStore store, TimeProvider time) => new(
        store,
        time,
        Options.Create(new ControllerOptions { NodeGracePeriod = Grace, HeartbeatPeriod = TimeSpan.FromSeconds(10) }),
        NullLogger<FleetState>.Instance);

    private FleetState NewFleet() => NewFleet(Store, Time);
}
