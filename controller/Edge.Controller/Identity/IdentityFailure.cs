namespace Edge.Controller.Identity;

/// <summary>Why an identity operation was refused; the gRPC layer maps each to a status code.</summary>
internal enum IdentityFailure
{
    InvalidArgument,
    Unauthenticated,
    PermissionDenied,
    FailedPrecondition,
    AlreadyExists,
    NotFound,
}
