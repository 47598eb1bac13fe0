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
    public async Task Unary_Success_ReturnsTheResponse()
    {
        var response = await _interceptor.UnaryServerHandler<string, string>("request", new Context("/x/y"), (r, _) => Task.FromResult(r + " handled"));

        Assert.That(response, Is.EqualTo("request handled"));
    }

    private sealed class Context(string method) : ServerCallContext
    {
        protected override string MethodCore => method;

        protected override string HostCore => "127.0.0.1";

        protected override string PeerCore => "ipv4:127.0.0.1:1";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore => [];

        protected override CancellationToken CancellationTokenCore => CancellationToken.None;

        protected override Metadata ResponseTrailersCore => [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore => new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
