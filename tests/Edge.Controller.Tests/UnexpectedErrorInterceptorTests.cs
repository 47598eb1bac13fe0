using Edge.Controller.Grpc;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Controller.Tests;

public sealed class UnexpectedErrorInterceptorTests
{
    private readonly UnexpectedErrorInterceptor _interceptor = new(NullLogger<UnexpectedErrorInterceptor>.Instance);

    [Test]
    public void Unary_HandlerThrowsAnUnmappedException_InternalWithTypeAndMessage()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _interceptor.UnaryServerHandler<string, string>(
            "request", new Context("/edge.v1.AdminService/ScaleWorkload"), (_, _) => throw new InvalidOperationException("Sequence contains no elements")));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Internal));
            Assert.That(error.Status.Detail, Is.EqualTo("the controller failed to carry out /edge.v1.AdminService/ScaleWorkload: InvalidOperationException: Sequence contains no elements"));
        });
    }

    [Test]
    public void Unary_MappedRefusal_PassesUnchanged()
    {
        var refusal = new RpcException(new Status(StatusCode.NotFound, "workload \"x\" not found"));

        var error = Assert.ThrowsAsync<RpcException>(() => _interceptor.UnaryServerHandler<string, string>(
            "request", new Context("/edge.v1.AdminService/GetNode"), (_, _) => throw refusal));

        Assert.That(error, Is.SameAs(refusal));
    }

    [Test]
    public void Duplex_ClientResetItsStream_CancelledNotInternal()
    {
        using var gone = new CancellationTokenSource();
        gone.Cancel();

        var error = Assert.ThrowsAsync<RpcException>(() => _interceptor.DuplexStreamingServerHandler<string, string>(
            null!, null!, new Context("/edge.v1.AgentService/Connect", gone.Token), (_, _, _) => throw new IOException("The client reset the request stream.")));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Cancelled));
            Assert.That(error.Status.Detail, Does.Contain("the client went away"));
        });
    }

    [Test]
    public void Duplex_IoErrorWhileTheClientIsThere_Internal()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _interceptor.DuplexStreamingServerHandler<string, string>(
            null!, null!, new Context("/edge.v1.AgentService/Connect"), (_, _, _) => throw new IOException("disk full")));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Internal));
    }

    [Test]
    public async Task Unary_Success_ReturnsTheResponse()
    {
        var response = await _interceptor.UnaryServerHandler<string, string>("request", new Context("/x/y"), (r, _) => Task.FromResult(r + " handled"));

        Assert.That(response, Is.EqualTo("request handled"));
    }

    private sealed class Context(string method, CancellationToken cancellation = default) : ServerCallContext
    {
        protected override string MethodCore => method;

        protected override string HostCore => "127.0.0.1";

        protected override string PeerCore => "ipv4:127.0.0.1:1";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore => [];

        protected override CancellationToken CancellationTokenCore => cancellation;

        protected override Metadata ResponseTrailersCore => [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore => new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
