using System.Net.Http;
using System.Net.Sockets;
using Edge.Ctl.Client;
using Grpc.Core;

namespace Edge.Ctl.Tests.Client;

[TestFixture]
public sealed class RpcErrorMessageTests
{
    private static readonly ControllerAddress Address = new(new Uri("http://ctl:7400"), "http://ctl:7400");

    private static string Describe(Status status) =>
        RpcErrorMessage.Describe(new RpcException(status), Address, TimeSpan.FromSeconds(10));

    [Test]
    public void Describe_TransportFailure_SaysCannotReachWithReason()
    {
        var transport = new HttpRequestException("Connection refused (ctl:7400)", new SocketException((int)SocketError.ConnectionRefused));

        var message = Describe(new Status(StatusCode.Unavailable, "Error starting gRPC call.", transport));

        Assert.That(message, Is.EqualTo("cannot reach controller at http://ctl:7400: Connection refused (ctl:7400)"));
    }

    [Test]
    public void Describe_TlsFailure_IncludesInnerReason()
    {
        var transport = new HttpRequestException(
            "The SSL connection could not be established, see inner exception.",
            new IOException("The remote certificate is invalid."));

        var message = Describe(new Status(StatusCode.Unavailable, "Error starting gRPC call.", transport));

        Assert.That(message, Is.EqualTo("cannot reach controller at http://ctl:7400: The SSL connection could not be established: The remote certificate is invalid."));
    }

    [Test]
    public void Describe_UnavailableFromServer_ShowsStatusAndDetail() =>
        Assert.That(Describe(new Status(StatusCode.Unavailable, "store is read-only")), Is.EqualTo("Unavailable: store is read-only"));

    [Test]
    public void Describe_DeadlineExceeded_NamesTimeout() =>
        Assert.That(
            Describe(new Status(StatusCode.DeadlineExceeded, string.Empty)),
            Is.EqualTo("DeadlineExceeded: no answer from controller at http://ctl:7400 within 10s (see --timeout)"));

    [Test]
    public void Describe_OtherStatus_ShowsStatusAndDetail() =>
        Assert.That(Describe(new Status(StatusCode.PermissionDenied, "tenant quota")), Is.EqualTo("PermissionDenied: tenant quota"));
}
