namespace Edge.Controller.Store;

/// <summary>The fleet store cannot be used; the message names the file and the cause.</summary>
public sealed class FleetStoreException : Exception
{
    public FleetStoreException()
    {
    }

    public FleetStoreException(string message)
        : base(message)
    {
    }

    public FleetStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
