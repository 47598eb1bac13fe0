using Edge.Protos.V1;
using Google.Protobuf.Reflection;

namespace Edge.Protos.Tests;

public sealed class ServiceDescriptorTests
{
    [Test]
    public void AgentService_Descriptor_HasConnectAndGetModule()
    {
        var methods = AgentService.Descriptor.Methods.Select(m => m.Name);

        Assert.That(methods, Is.EquivalentTo(new[] { "Connect", "GetModule" }));
        Assert.That(AgentService.Descriptor.FullName, Is.EqualTo("edge.v1.AgentService"));
    }

    [Test]
    public void AdminService_Descriptor_HasAdminRpcs()
    {
        var methods = AdminService.Descriptor.Methods.Select(m => m.Name);

        // A superset: each issue adds its RPCs at the end of the service.
        Assert.That(methods, Is.SupersetOf(new[] { "ListNodes", "GetNode", "ApplyWorkload", "ListWorkloads" }));
        Assert.That(methods, Is.SupersetOf(new[] { "TopNodes", "TopWorkloads", "QuerySeries" }));
        Assert.That(AdminService.Descriptor.FullName, Is.EqualTo("edge.v1.AdminService"));
    }

    [Test]
    public void Connect_Descriptor_IsBidirectionalStreaming()
    {
        var connect = Method(AgentService.Descriptor, "Connect");

        Assert.That(connect.IsClientStreaming, Is.True);
        Assert.That(connect.IsServerStreaming, Is.True);
        Assert.That(connect.InputType.FullName, Is.EqualTo("edge.v1.AgentMessage"));
        Assert.That(connect.OutputType.FullName, Is.EqualTo("edge.v1.ControllerMessage"));
    }

    [Test]
    public void GetModule_Descriptor_IsServerStreamingOnly()
    {
        var getModule = Method(AgentService.Descriptor, "GetModule");

        Assert.That(getModule.IsClientStreaming, Is.False);
        Assert.That(getModule.IsServerStreaming, Is.True);
        Assert.That(getModule.OutputType.FullName, Is.EqualTo("edge.v1.ModuleChunk"));
    }

    [TestCase("ListNodes")]
    [TestCase("GetNode")]
    [TestCase("ApplyWorkload")]
    [TestCase("ListWorkloads")]
    public void AdminRpc_Descriptor_IsUnary(string name)
    {
        var method = Method(AdminService.Descriptor, name);

        Assert.That(method.IsClientStreaming, Is.False);
        Assert.That(method.IsServerStreaming, Is.False);
    }

    [Test]
    public void GeneratedClients_HaveMethodPerRpc()
    {
        var agent = typeof(AgentService.AgentServiceClient).GetMethods().Select(m => m.Name).ToList();
        var admin = typeof(AdminService.AdminServiceClient).GetMethods().Select(m => m.Name).ToList();

        Assert.That(agent, Has.Member("Connect").And.Member("GetModule"));
        Assert.That(admin, Has.Member("ListNodesAsync").And.Member("GetNodeAsync").And.Member("ApplyWorkloadAsync").And.Member("ListWorkloadsAsync"));
    }

    private static MethodDescriptor Method(ServiceDescriptor service, string name) =>
        service.FindMethodByName(name) ?? throw new AssertionException($"{service.FullName} has no {name}");
}
