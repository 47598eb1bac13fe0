namespace Edge.Ctl;

/// <summary>Process exit codes, kubectl-like: 1 for a failed operation, 2 for bad usage or input.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
