namespace Edge.Controller.Identity;

/// <summary>A refused identity operation; the message names the problem and what to do.</summary>
internal sealed class IdentityException(IdentityFailure failure, string message) : Exception(message)
{
    public IdentityFailure Failure { get; } = failure;
}
