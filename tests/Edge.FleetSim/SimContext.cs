using Edge.Protos.V1;
using MQTTnet;

namespace Edge.FleetSim;

/// <summary>What a process's simulated nodes share: settings, the gRPC client over few HTTP/2 connections, the module cache, the clock.</summary>
internal sealed record SimContext(
    SimSettings Settings,
    AgentService.AgentServiceClient Agents,
    ModuleFetcher Modules,
    MqttClientFactory MqttFactory,
    TimeProvider Time);
