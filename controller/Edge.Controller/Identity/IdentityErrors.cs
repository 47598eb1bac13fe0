using Grpc.Core;

namespace Edge.Controller.Identity;

/// <summary>Identity failures as gRPC statuses, in one place.</summary>
internal static class IdentityErrors
{
    public static RpcException ToRpc(IdentityException ex) => new(new Status(ex.Failure switch
    {
        IdentityFailure.InvalidArgument => StatusCode.InvalidArgument,
        IdentityFailure.Unauthenticated => StatusCode.Unauthenticated,
        IdentityFailure.PermissionDenied => StatusCode.PermissionDenied,
        IdentityFailure.FailedPrecondition => StatusCode.FailedPrecondition,
        IdentityFailure.AlreadyExists => StatusCode.AlreadyExists,
        _ => StatusCode.NotFound,
    }, ex.Message));

    public static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (IdentityException ex)
        {
            throw ToRpc(ex);
        }
    }
}
